// Apple Review sandbox front end: Apple ID sign-in on one page, and the reading history from its JSON API.
(function () {
  'use strict';

  function byId(id) { return document.getElementById(id); }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.text().then(function (text) { return { status: res.status, body: text ? JSON.parse(text) : {} }; });
    });
  }

  function firstError(body, fallback) {
    return body.serviceErrors && body.serviceErrors.length ? body.serviceErrors[0] : { code: 'unknown', message: fallback };
  }

  function signIn() {
    var account = byId('account_name_text_field');
    var passwordRow = byId('password_row');
    var password = byId('password_text_field');
    var button = byId('sign-in');
    var err = byId('errMsg');
    var codeErr = byId('codeErrMsg');
    var chars = [0, 1, 2, 3, 4, 5].map(function (i) { return byId('char' + i); });
    var sending = false;

    function showError(target, error) {
      target.textContent = error.message;
      target.setAttribute('data-error-code', error.code);
      target.hidden = false;
    }

    function submitCredentials() {
      postJson('/appleauth/auth/signin', { accountName: account.value, password: password.value }).then(function (res) {
        if (res.status === 200) {
          window.location.assign('/library');
        } else if (res.status === 409) {
          byId('sign_in_form').hidden = true;
          byId('verify_code').hidden = false;
          chars[0].focus();
        } else {
          showError(err, firstError(res.body, 'Something went wrong.'));
          password.value = '';
          password.focus();
        }
      });
    }

    button.addEventListener('click', function () {
      err.hidden = true;
      if (passwordRow.hidden) {
        if (account.value.trim() === '') { return; }
        // Step one only reveals the password field: nothing is sent yet.
        passwordRow.hidden = false;
        button.setAttribute('aria-label', 'Sign In');
        password.focus();
        return;
      }
      submitCredentials();
    });
    [account, password].forEach(function (input) {
      input.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') { e.preventDefault(); button.click(); }
      });
    });

    function code() { return chars.map(function (c) { return c.value; }).join(''); }

    function submitCode() {
      if (sending || code().length !== 6) { return; }
      sending = true;
      codeErr.hidden = true;
      postJson('/appleauth/auth/verify/trusteddevice/securitycode', { securityCode: { code: code() } }).then(function (res) {
        sending = false;
        if (res.status === 204) {
          window.location.assign('/library');
          return;
        }
        showError(codeErr, firstError(res.body, 'Incorrect verification code.'));
        chars.forEach(function (c) { c.value = ''; });
        chars[0].focus();
      });
    }

    chars.forEach(function (input, i) {
      input.addEventListener('input', function () {
        var digits = input.value.replace(/\D/g, '');
        if (digits.length > 1) {
          // A whole code typed or pasted into one box fills the boxes from here on.
          for (var k = 0; k < digits.length && i + k < chars.length; k++) { chars[i + k].value = digits.charAt(k); }
        } else {
          input.value = digits;
        }
        var next = chars.filter(function (c) { return c.value === ''; })[0];
        if (next) { next.focus(); } else { submitCode(); }
      });
    });
    byId('verify-code-btn').addEventListener('click', submitCode);
  }

  function minutes(seconds) {
    var m = Math.round(seconds / 60);
    return (m < 1 ? 1 : m) + ' min read';
  }

  function history() {
    var list = byId('history-list');
    function render(items) {
      items.forEach(function (item) {
        var a = item.attributes;
        var li = document.createElement('li');
        li.className = 'history-item';
        li.setAttribute('data-id', item.id);
        var title = document.createElement('h2');
        title.className = 'history-item__title';
        title.textContent = a.title;
        var meta = document.createElement('p');
        meta.className = 'history-item__meta';
        var source = document.createElement('span');
        source.className = 'history-item__source';
        source.textContent = a.publisherName;
        var duration = document.createElement('span');
        duration.className = 'history-item__duration';
        duration.setAttribute('data-seconds', String(a.durationInSeconds));
        duration.textContent = minutes(a.durationInSeconds);
        var when = document.createElement('time');
        when.className = 'history-item__date';
        when.setAttribute('datetime', a.lastReadDate);
        when.textContent = new Date(a.lastReadDate).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
        meta.appendChild(source);
        meta.appendChild(document.createTextNode(' · '));
        meta.appendChild(duration);
        meta.appendChild(document.createTextNode(' · '));
        meta.appendChild(when);
        li.appendChild(title);
        li.appendChild(meta);
        list.appendChild(li);
      });
    }
    function load(url) {
      return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } }).then(function (res) {
        if (res.status === 401) { window.location.assign('/sign-in'); return null; }
        return res.json();
      }).then(function (body) {
        if (!body) { return; }
        render(body.data);
        if (body.next) { return load(body.next); }
        byId('history-empty').hidden = body.meta.total !== 0;
        list.setAttribute('aria-busy', 'false');
      });
    }
    load('/api/v1/me/history?limit=100');
  }

  var page = document.body.getAttribute('data-page');
  if (page === 'sign-in') { signIn(); }
  if (page === 'history') { history(); }
})();
