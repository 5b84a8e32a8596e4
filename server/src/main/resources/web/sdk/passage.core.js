// The web SDK's one source. The server serves it as /sdk/passage.js (a classic script: this runs in a
// function and sets window.Passage) and as /sdk/passage.mjs (an ES module exporting Passage); either
// way SCRIPT_URL is the file's own address, the default base of the Passage server.
const Passage = (function () {
  var FINAL = { complete: true, expired: true };
  var links = {};      // claim code -> the link's state, kept across close and reopen
  var current = null;  // the open modal, if any

  function baseOf(url) {
    try {
      var u = new URL(url);
      var at = u.pathname.lastIndexOf("/sdk/");
      return u.origin + (at > 0 ? u.pathname.slice(0, at) : "");
    } catch (e) {
      return typeof location !== "undefined" ? location.origin : "";
    }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function call(fn, arg1, arg2) {
    if (typeof fn !== "function") return;
    try { fn(arg1, arg2); } catch (e) { setTimeout(function () { throw e; }); }
  }

  // One link followed on /link/ws: its status survives the modal closing, and reconnects after drops.
  function linkState(code, base) {
    var key = base + " " + code;
    if (links[key]) return links[key];
    var s = { code: code, base: base, status: "pending", linkId: null, error: null, appClipUrl: null, purpose: null,
      lastTry: null, problem: null, options: {}, delay: 1000, socket: null, stopped: false, told: {} };
    links[key] = s;
    load(s);
    connect(s);
    return s;
  }

  // What the link is for and why a try did not finish, in the server's words (the link page and the
  // extension say the same), and the link page's address: GET /link/info.
  function load(s) {
    fetch(s.base + "/link/info?code=" + encodeURIComponent(s.code), { credentials: "omit" })
      .then(function (r) {
        if (r.status === 404) throw new Error("This link is not known: ask for a new one.");
        if (!r.ok) throw new Error("Passage answered " + r.status + ".");
        return r.json();
      })
      .then(function (body) {
        s.appClipUrl = body.appClipUrl;
        s.purpose = body.purpose || null;
        s.lastTry = body.lastTry || null;
        render(s);
      })
      .catch(function (e) { if (!s.appClipUrl) { s.problem = e.message || "Passage cannot be reached."; render(s); } });
  }

  function connect(s) {
    if (s.stopped || FINAL[s.status]) return;
    var ws;
    try {
      ws = new WebSocket(s.base.replace(/^http/, "ws") + "/link/ws?code=" + encodeURIComponent(s.code));
    } catch (e) {
      return;
    }
    s.socket = ws;
    ws.onmessage = function (event) {
      var m;
      try { m = JSON.parse(event.data); } catch (e) { return; }
      if (!m || m.type !== "status") return;
      s.delay = 1000;
      update(s, m);
    };
    ws.onclose = function () {
      s.socket = null;
      if (s.stopped || FINAL[s.status]) return;
      setTimeout(function () { connect(s); }, s.delay);
      s.delay = Math.min(s.delay * 2, 15000);
    };
  }

  function update(s, m) {
    var changed = m.status !== s.status || !s.linkId;
    // A failure after the first frame: ask for its words (the first load already has those of a link failed before).
    if (m.status === "failed" && s.linkId && m.updatedAt !== s.failedAt) load(s);
    if (m.status === "failed") s.failedAt = m.updatedAt;
    s.status = m.status;
    s.linkId = m.linkId;
    s.error = m.error || null;
    render(s);
    if (!changed) return;
    var o = s.options;
    call(o.onStatus, { status: s.status, linkId: s.linkId, error: s.error });
    // A failed link may be claimed again, so failed can happen more than once; the others once.
    if (s.status === "complete" && !s.told.complete) { s.told.complete = true; call(o.onComplete, s.linkId); }
    if (s.status === "expired" && !s.told.expired) { s.told.expired = true; call(o.onExpired, s.linkId); }
    if (s.status === "failed") call(o.onFailed, s.linkId, s.error);
  }

  var WORDS = {
    pending: "Waiting for you to open the link",
    active: "Linking: finish on your device",
    complete: "Your account is linked",
    failed: "That did not finish",
    expired: "This link has expired"
  };

  function isPhone() {
    return (window.matchMedia && window.matchMedia("(max-width: 640px)").matches)
      || /Android|iPhone|iPod|Mobile/i.test(navigator.userAgent || "");
  }

  function build(s) {
    var host = el("div", { "data-passage-modal": "" });
    var shadow = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var css = el("link", { rel: "stylesheet", href: s.base + "/assets/passage.css" });
    // Hidden until the stylesheet is in (no flash of an unstyled dialog); focus can only go in then.
    var root = el("div", { "class": "psg psg-modal-root", style: "visibility:hidden" });
    var view;
    var shown = function () {
      if (root.style.visibility !== "hidden") return;
      root.style.visibility = "";
      if (current && current.view === view && !shadow.activeElement) {
        var first = focusables(view.dialog).filter(function (n) { return n !== view.close; })[0];
        (FINAL[view.state.status] && first ? first : view.close).focus();
      }
    };
    css.onload = shown;
    css.onerror = shown;
    setTimeout(shown, 1500);
    var title = el("h2", { id: "psg-title", text: "Link your account" });
    var close = el("button", { type: "button", "class": "psg-button psg-quiet psg-close", "aria-label": "Close", text: "\u00d7" });
    var body = el("div", { id: "psg-body" });
    var statusText = el("span", { "class": "psg-status-text" });
    var status = el("p", { "class": "psg-status", role: "status", "aria-live": "polite" },
      [el("span", { "class": "psg-dot", "aria-hidden": "true" }), statusText]);
    var dialog = el("div", { "class": "psg-dialog", role: "dialog", "aria-modal": "true", "aria-labelledby": "psg-title",
      "aria-describedby": "psg-body", tabindex: "-1" }, [close, title, body, status]);
    root.appendChild(dialog);
    shadow.appendChild(css);
    shadow.appendChild(root);
    close.addEventListener("click", function () { hide(); });
    root.addEventListener("mousedown", function (e) { if (e.target === root) hide(); });
    dialog.addEventListener("keydown", function (e) { trap(e, shadow, dialog); });
    view = { host: host, shadow: shadow, root: root, dialog: dialog, title: title, body: body, status: status,
      statusText: statusText, close: close, qrShown: false, state: s };
    return view;
  }

  function render(s) {
    if (!current || current.state !== s) return;
    var v = current.view;
    var phone = isPhone();
    var final = FINAL[s.status];
    v.status.setAttribute("data-status", s.status);
    // Read out on every change; shown as the body's outcome once the link is done.
    v.status.className = final ? "psg-status psg-sr" : "psg-status";
    v.statusText.textContent = s.problem || WORDS[s.status] || s.status;
    var key = [s.status, s.appClipUrl, s.purpose, s.lastTry, s.problem, phone, v.qrShown].join("|");
    if (v.rendered === key) return;
    v.rendered = key;
    // Focus on something about to be replaced moves to the dialog itself, never out of it.
    var focused = v.shadow.activeElement;
    var hadFocus = !!(focused && v.body.contains(focused));
    v.body.textContent = "";
    if (final) {
      v.title.textContent = s.status === "complete" ? "All set" : "Link expired";
      v.body.appendChild(el("div", { "class": "psg-outcome psg-outcome-" + s.status }, [
        el("span", { "class": "psg-outcome-icon", "aria-hidden": "true", text: s.status === "complete" ? "\u2713" : "!" }),
        el("p", { text: s.status === "complete" ? "Your account is linked. You can close this window."
          : "This link can no longer be used. Start again to get a new one." })]));
      var done = el("button", { type: "button", "class": "psg-button psg-primary psg-wide", text: "Done" });
      done.addEventListener("click", function () { hide(); });
      v.body.appendChild(done);
      done.focus();
      return;
    }
    v.title.textContent = "Link your account";
    if (s.problem) {
      v.body.appendChild(el("p", { "class": "psg-alert", text: s.problem }));
      return;
    }
    if (!s.appClipUrl) {
      v.body.appendChild(el("p", { "class": "psg-muted", text: "Loading\u2026" }));
      return;
    }
    if (s.purpose) v.body.appendChild(el("p", { "class": "psg-lead", id: "psg-purpose", text: s.purpose + "." }));
    if (s.status === "failed") {
      v.body.appendChild(el("p", { "class": "psg-alert", role: "alert", text: (s.lastTry ? s.lastTry + " " : "")
        + "You can try again with the same link." }));
    }
    if (phone && !v.qrShown) {
      v.body.appendChild(el("p", { text: "Continue on this phone: you log in to the service yourself, and your password stays on your device." }));
      v.body.appendChild(el("a", { "class": "psg-button psg-primary psg-wide", href: s.appClipUrl, target: "_blank",
        rel: "noopener", id: "psg-continue", text: "Continue" }));
      var showQr = el("button", { type: "button", "class": "psg-button psg-quiet psg-wide", text: "Use another device (QR code)" });
      showQr.addEventListener("click", function () { v.qrShown = true; render(s); });
      v.body.appendChild(el("p", {}, [showQr]));
    } else {
      v.body.appendChild(el("p", { text: "Scan this code with your phone's camera to continue there. You log in to the service yourself; your password stays on your device." }));
      v.body.appendChild(el("img", { "class": "psg-qr", id: "psg-qr", width: "200", height: "200",
        src: s.base + "/link/qr.svg?code=" + encodeURIComponent(s.code),
        alt: "QR code of the link's address: scan it with your phone's camera" }));
      v.body.appendChild(el("p", { "class": "psg-muted", text: "Or open this address on the device where you use the service:" }));
      var url = el("code", { id: "psg-url", text: s.appClipUrl });
      var copy = el("button", { type: "button", "class": "psg-button", text: "Copy" });
      copy.addEventListener("click", function () {
        var done = function (ok) { copy.textContent = ok ? "Copied" : "Select and copy"; setTimeout(function () { copy.textContent = "Copy"; }, 1800); };
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(s.appClipUrl).then(function () { done(true); }, function () { done(false); });
        else done(false);
      });
      v.body.appendChild(el("div", { "class": "psg-copy" }, [url, copy]));
      v.body.appendChild(el("p", {}, [el("a", { href: s.appClipUrl, target: "_blank", rel: "noopener", text: "Open the link page" })]));
    }
    if (hadFocus) v.dialog.focus();
  }

  function focusables(dialog) {
    return Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex='-1'])"),
      function (n) { return n.offsetParent !== null || n === document.activeElement; });
  }

  // Focus stays in the dialog: Tab from the last control goes to the first, Shift+Tab the other way.
  function trap(e, shadow, dialog) {
    if (e.key !== "Tab") return;
    var items = focusables(dialog);
    if (!items.length) { e.preventDefault(); return; }
    var active = shadow.activeElement || document.activeElement;
    var at = items.indexOf(active);
    if (e.shiftKey && (at <= 0)) { e.preventDefault(); items[items.length - 1].focus(); }
    else if (!e.shiftKey && (at === -1 || at === items.length - 1)) { e.preventDefault(); items[0].focus(); }
  }

  function hide() {
    if (!current) return;
    var c = current;
    current = null;
    document.removeEventListener("keydown", c.escape, true);
    if (c.host.parentNode) c.host.parentNode.removeChild(c.host);
    document.documentElement.style.overflow = c.overflow;
    if (c.returnTo && c.returnTo.focus) c.returnTo.focus();
    call(c.state.options.onClose, c.state.linkId);
  }

  /**
   * Opens the modal for a link's claim code. Options: baseUrl (default: where this script came from),
   * onStatus({status, linkId, error}), onComplete(linkId), onFailed(linkId, error), onExpired(linkId),
   * onClose(linkId). Closing keeps following the link; opening it again shows where it is now.
   */
  function open(options) {
    var o = options || {};
    if (typeof o.claimCode !== "string" || !/^clm_[0-9a-f-]{36}$/.test(o.claimCode)) {
      throw new TypeError("Passage.open needs { claimCode: \"clm_\u2026\" } from your backend's POST /v1/links");
    }
    if (current) hide();
    var s = linkState(o.claimCode, (o.baseUrl || baseOf(SCRIPT_URL)).replace(/\/+$/, ""));
    s.options = o;
    var view = build(s);
    var c = { state: s, view: view, host: view.host, returnTo: document.activeElement,
      overflow: document.documentElement.style.overflow };
    c.escape = function (e) { if (e.key === "Escape" && current === c) { e.preventDefault(); hide(); } };
    document.addEventListener("keydown", c.escape, true);
    current = c;
    document.documentElement.style.overflow = "hidden";
    document.body.appendChild(view.host);
    render(s);
    return {
      close: hide,
      /** Stops following the link (and closes the modal if it shows this link). */
      destroy: function () {
        s.stopped = true;
        if (s.socket) s.socket.close();
        if (current && current.state === s) hide();
        delete links[s.base + " " + s.code];
      },
      get status() { return s.status; },
      get linkId() { return s.linkId; }
    };
  }

  return { open: open, close: hide, version: "0.1.0" };
})();
