// The dashboard's and the link page's own script: copy buttons, confirmations, the link page's live
// status and its hand-over to the browser extension. Plain JavaScript; everything works without it
// except what needs a script by nature (copying, following a link live).
(function () {
  "use strict";

  // Copy buttons: <button data-copy="element-id">, for values that are hard to select on a phone.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    copy(source.textContent.trim()).then(function (ok) {
      var label = button.firstChild;
      var before = label.nodeValue;
      label.nodeValue = ok ? "Copied" : "Select and copy";
      setTimeout(function () { label.nodeValue = before; }, 1800);
    });
  });

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallback(text); });
    }
    return Promise.resolve(fallback(text));
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  // Forms that undo something ask first: <form data-confirm="Revoke …?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // A link's status from /link/ws, into an element with .psg-status-text and data-status.
  var WORDS = {
    pending: "Waiting for you to continue",
    active: "In progress on a device",
    complete: "Done: your account is linked",
    failed: "Waiting for you to try again",
    expired: "This link has expired"
  };

  function follow(code, onStatus) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var delay = 1000;
    var finished = false;
    function connect() {
      var socket;
      try {
        socket = new WebSocket(scheme + location.host + "/link/ws?code=" + encodeURIComponent(code));
      } catch (e) {
        return;
      }
      socket.onmessage = function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        if (message.type !== "status") return;
        delay = 1000;
        if (message.status === "complete" || message.status === "expired") finished = true;
        onStatus(message);
      };
      socket.onclose = function () {
        if (finished) return;
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 15000);
      };
    }
    connect();
  }

  // withMessage: the dashboard shows a failure's message (for the integrator); the link page does not.
  function show(element, message, words, withMessage) {
    element.setAttribute("data-status", message.status);
    var text = element.querySelector(".psg-status-text");
    var said = words[message.status] || message.status;
    if (withMessage && message.status === "failed" && message.error && message.error.message) {
      said += ": " + message.error.message;
    }
    if (text) text.textContent = said;
  }

  document.querySelectorAll("[data-follow-code]").forEach(function (element) {
    follow(element.getAttribute("data-follow-code"), function (message) {
      show(element, message, { pending: "pending", active: "active", complete: "complete", failed: "failed", expired: "expired" }, true);
    });
  });

  // The web SDK's modal, where the page loaded /sdk/passage.js (the try-it page).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-passage-open]") : null;
    if (!button || !window.Passage) return;
    window.Passage.open({ claimCode: button.getAttribute("data-passage-open"), baseUrl: location.origin });
  });

  // The link page.
  var page = document.querySelector("[data-link-page]");
  if (!page) return;
  var code = page.getAttribute("data-code");
  var status = document.getElementById("link-status");
  // Why a try did not finish, in the person's words: GET /link/info says it (the page, the extension
  // and the web SDK share those words), asked only when a failure happens while the page is open.
  function explain() {
    fetch("/link/info?code=" + encodeURIComponent(code), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (info) {
        var box = document.getElementById("last-try");
        var text = document.getElementById("last-try-text");
        if (!info || !info.lastTry || !box || !text) return;
        text.textContent = info.lastTry;
        box.hidden = false;
      }, function () {});
  }

  if (code && status) {
    follow(code, function (message) {
      var before = status.getAttribute("data-status");
      show(status, message, WORDS, false);
      if (message.status === "failed" && before !== "failed") explain();
      if (message.status === "complete" || message.status === "expired") {
        var options = document.querySelector("[aria-labelledby='continue-heading']");
        if (options) options.hidden = true;
      }
    });
  }

  // ---- Browser-extension hook -------------------------------------------------------------------
  // The Passage browser extension (docs/extension.md, "The link page hand-over") announces itself on
  // this page with document.documentElement.dataset.passageExtension and a
  // {source: "passage-extension", type: "present"} message; the page then offers "Continue in this
  // browser", which posts {source: "passage-link-page", type: "open", code}. Nothing is claimed by
  // that message: the extension asks the person first. Only messages from this window and origin count.
  var extension = {
    present: false,
    open: function (linkCode) {
      window.postMessage({ source: "passage-link-page", type: "open", code: linkCode }, location.origin);
    }
  };
  window.PassageLinkPage = extension;

  function extensionPresent() {
    if (extension.present) return;
    extension.present = true;
    var present = document.getElementById("extension-present");
    var absent = document.getElementById("extension-absent");
    if (present) present.hidden = false;
    if (absent) absent.hidden = true;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window || event.origin !== location.origin || !data || data.source !== "passage-extension") return;
    var note = document.getElementById("extension-note");
    if (data.type === "present") {
      extensionPresent();
    } else if (data.type === "opened" && note) {
      note.textContent = "Continue in the tab the extension opened.";
    } else if (data.type === "error" && note) {
      note.textContent = typeof data.message === "string" ? data.message : "The extension could not open this link.";
    }
  });

  var continueButton = document.getElementById("continue-extension");
  if (continueButton && code) {
    continueButton.addEventListener("click", function () { extension.open(code); });
  }
  if (document.documentElement.dataset.passageExtension) extensionPresent();
  // An extension may mark the page after this script ran (it does again at DOMContentLoaded).
  if (window.MutationObserver) {
    new MutationObserver(function () {
      if (document.documentElement.dataset.passageExtension) extensionPresent();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-passage-extension"] });
  }
  // For an extension that announced itself before this script listened.
  window.postMessage({ source: "passage-link-page", type: "ping" }, location.origin);
})();
