// Verizon sandbox front end: every page is rendered from the JSON APIs, like the real single-page app.
(function () {
  'use strict';

  function api(method, url, body) {
    var init = { method: method, credentials: 'same-origin', headers: { 'Accept': 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (res) {
      if (res.status === 401 && url.indexOf('/api/auth/') !== 0) {
        window.location.assign('/signin');
        return new Promise(function () {});
      }
      return res.text().then(function (text) {
        return { status: res.status, body: text ? JSON.parse(text) : {} };
      });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function byId(id) { return document.getElementById(id); }

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function shortDate(iso) {
    var p = iso.split('-');
    return MONTHS[parseInt(p[1], 10) - 1] + ' ' + parseInt(p[2], 10) + ', ' + p[0];
  }

  function money(amount, currency) {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency }).format(amount);
  }

  function finished(container) {
    container.setAttribute('aria-busy', 'false');
    container.setAttribute('data-loaded', 'true');
  }

  var pages = {};

  pages.signin = function () {
    var form = byId('loginForm');
    var otpForm = byId('otpForm');
    var banner = byId('errorBanner');
    function handle(res) {
      if (res.status === 200) {
        window.location.assign(res.body.redirectUrl);
      } else if (res.status === 202) {
        banner.hidden = true;
        form.hidden = true;
        otpForm.hidden = false;
        byId('otpPrompt').textContent = res.body.message;
        byId('otpInput').focus();
      } else {
        banner.textContent = res.body.message || 'Something went wrong. Try again.';
        banner.setAttribute('data-error-code', res.body.status || 'UNKNOWN');
        banner.hidden = false;
      }
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      api('POST', '/api/auth/session', { userId: byId('IDToken1').value, password: byId('IDToken2').value }).then(handle);
    });
    otpForm.addEventListener('submit', function (e) {
      e.preventDefault();
      api('POST', '/api/auth/session', { otp: byId('otpInput').value }).then(handle);
    });
  };

  pages.home = function () {
    var box = byId('vz-profile');
    api('GET', '/api/account/profile').then(function (res) {
      box.textContent = 'Account ' + res.body.accountNumber + ' · ' + res.body.billCount + ' bills · '
        + res.body.paymentMethodCount + ' saved payment methods';
      finished(box);
    });
  };

  function detail(dl, label, className, value) {
    if (value === null || value === undefined || value === '') { return; }
    dl.appendChild(el('dt', null, label));
    var dd = el('dd');
    dd.appendChild(el('span', className, value));
    dl.appendChild(dd);
  }

  pages.payments = function () {
    var list = byId('paymentMethodsList');
    var added = new URLSearchParams(window.location.search).get('added');
    if (added) {
      var banner = byId('vz-added-banner');
      banner.textContent = 'Your card ending in ' + added + ' was added.';
      banner.hidden = false;
    }
    api('GET', '/api/account/payment-methods').then(function (res) {
      var methods = res.body.paymentMethods;
      if (methods.length === 0) {
        list.appendChild(el('p', 'vz-empty', 'You have no saved payment methods.'));
      }
      methods.forEach(function (m) {
        var tile = el('section', 'vz-pm-tile');
        tile.setAttribute('data-pm-id', m.paymentMethodId);
        tile.setAttribute('data-pm-type', m.type);
        var title = el('h3', 'vz-pm-tile__title');
        title.appendChild(el('span', 'vz-pm-tile__brand', m.type === 'BANK_ACCOUNT' ? m.bankName : m.cardBrand));
        title.appendChild(document.createTextNode(' •••• '));
        title.appendChild(el('span', 'vz-pm-tile__last4', m.lastFour));
        tile.appendChild(title);
        if (m.primary) { tile.appendChild(el('span', 'vz-pm-tile__primary', 'Primary')); }
        var dl = el('dl');
        detail(dl, 'Type', 'vz-pm-tile__type', m.type === 'BANK_ACCOUNT' ? 'Bank account' : (m.type === 'DEBIT_CARD' ? 'Debit card' : 'Credit card'));
        detail(dl, 'Nickname', 'vz-pm-tile__nickname', m.nickName);
        detail(dl, 'Expires', 'vz-pm-tile__expiry', m.expiry);
        var a = m.billingAddress;
        if (a) {
          detail(dl, 'Street', 'vz-pm-tile__street1', a.street1);
          detail(dl, 'Apt/Suite', 'vz-pm-tile__street2', a.street2);
          detail(dl, 'City', 'vz-pm-tile__city', a.city);
          detail(dl, 'State', 'vz-pm-tile__state', a.state);
          detail(dl, 'ZIP', 'vz-pm-tile__zip', a.zipCode);
          detail(dl, 'Country', 'vz-pm-tile__country', a.country);
        }
        tile.appendChild(dl);
        list.appendChild(tile);
      });
      finished(list);
    });
  };

  pages['add-payment'] = function () {
    var form = byId('addPaymentForm');
    var review = byId('vz-review');
    var formError = byId('vz-form-error');
    var reviewId = null;
    function clearErrors() {
      formError.hidden = true;
      Array.prototype.forEach.call(document.querySelectorAll('.vz-field-error'), function (p) {
        p.hidden = true;
        p.textContent = '';
      });
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearErrors();
      var v = function (id) { return byId(id).value; };
      api('POST', '/api/account/payment-methods/validate', {
        cardNumber: v('vz-card-number'), nameOnCard: v('vz-card-name'), expirationDate: v('vz-card-expiry'),
        cvv: v('vz-card-cvv'), nickname: v('vz-card-nickname'), billingZip: v('vz-billing-zip'),
        billingAddress: { line1: v('vz-billing-street'), line2: v('vz-billing-apt'), city: v('vz-billing-city'),
          state: v('vz-billing-state'), country: 'US' }
      }).then(function (res) {
        if (res.status === 200) {
          reviewId = res.body.reviewId;
          byId('vz-review-brand').textContent = res.body.cardBrand;
          byId('vz-review-last4').textContent = res.body.lastFour;
          byId('vz-review-nickname').textContent = res.body.nickName;
          byId('vz-review-expiry').textContent = res.body.expiry;
          form.hidden = true;
          review.hidden = false;
          return;
        }
        formError.textContent = res.body.message || 'Something went wrong. Try again.';
        formError.hidden = false;
        var errors = res.body.errors || {};
        Object.keys(errors).forEach(function (field) {
          var p = document.querySelector('.vz-field-error[data-for="' + field + '"]');
          if (p) {
            p.textContent = errors[field];
            p.hidden = false;
          }
        });
      });
    });
    byId('vz-edit-card').addEventListener('click', function () {
      review.hidden = true;
      form.hidden = false;
    });
    byId('vz-confirm-add').addEventListener('click', function () {
      api('POST', '/api/account/payment-methods', { reviewId: reviewId }).then(function (res) {
        if (res.status === 201) {
          window.location.assign('/myaccount/payments?added=' + encodeURIComponent(res.body.lastFour));
        } else {
          review.hidden = true;
          form.hidden = false;
          formError.textContent = res.body.message;
          formError.hidden = false;
        }
      });
    });
  };

  pages.bills = function () {
    var list = byId('billsList');
    api('GET', '/api/account/bills').then(function (res) {
      var head = el('div', 'vz-bill-row vz-bill-row--head');
      head.setAttribute('role', 'row');
      ['Bill', 'Billing cycle', 'Due', 'Amount'].forEach(function (h) { head.appendChild(el('span', null, h)); });
      list.appendChild(head);
      if (res.body.bills.length === 0) {
        list.appendChild(el('p', 'vz-empty', 'No bills yet.'));
      }
      res.body.bills.forEach(function (b) {
        var row = el('div', 'vz-bill-row');
        row.setAttribute('role', 'row');
        row.setAttribute('data-bill-id', b.billId);
        row.setAttribute('data-start', b.billCycleStartDate);
        row.setAttribute('data-end', b.billCycleEndDate);
        row.setAttribute('data-due', b.paymentDueDate);
        row.setAttribute('data-amount', b.totalAmountDue.toFixed(2));
        row.setAttribute('data-currency', b.currencyCode);
        row.appendChild(el('span', 'vz-bill-row__id', b.billId));
        row.appendChild(el('span', 'vz-bill-row__cycle', shortDate(b.billCycleStartDate) + ' - ' + shortDate(b.billCycleEndDate)));
        row.appendChild(el('span', 'vz-bill-row__due', shortDate(b.paymentDueDate)));
        row.appendChild(el('span', 'vz-bill-row__amount', money(b.totalAmountDue, b.currencyCode)));
        list.appendChild(row);
      });
      finished(list);
    });
  };

  var page = pages[document.body.getAttribute('data-page')];
  if (page) { page(); }
})();
