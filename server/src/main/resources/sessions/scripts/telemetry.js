// Passage telemetry: reports navigations and network responses through window.__passage.emit.
// Injected at document start by the device runtime; events are {type:"navigation", url} and
// {type:"network", url, method, status, body}.
(function () {
  if (!window.__passage || window.__passage.telemetryInstalled) return;
  window.__passage.telemetryInstalled = true;
  var emit = function (e) { try { window.__passage.emit(e); } catch (ignored) {} };
  var MAX_BODY = 65536;
  emit({ type: "navigation", url: String(location.href) });
  var notify = function () { emit({ type: "navigation", url: String(location.href) }); };
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () { var r = original.apply(this, arguments); notify(); return r; };
  });
  window.addEventListener("popstate", notify);
  window.addEventListener("hashchange", notify);

  var originalFetch = window.fetch;
  if (originalFetch) {
    window.fetch = function (input, init) {
      var method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      return originalFetch.apply(this, arguments).then(function (response) {
        response.clone().text().then(function (body) {
          emit({ type: "network", url: new URL(url, location.href).href, method: method,
                 status: response.status, body: body.slice(0, MAX_BODY) });
        }, function () {
          emit({ type: "network", url: new URL(url, location.href).href, method: method, status: response.status });
        });
        return response;
      });
    };
  }
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__passageMethod = String(method || "GET").toUpperCase();
    this.__passageUrl = new URL(url, location.href).href;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    xhr.addEventListener("loadend", function () {
      var body = (xhr.responseType === "" || xhr.responseType === "text") ? String(xhr.responseText || "") : undefined;
      emit({ type: "network", url: xhr.__passageUrl, method: xhr.__passageMethod, status: xhr.status,
             body: body === undefined ? undefined : body.slice(0, MAX_BODY) });
    });
    return send.apply(this, arguments);
  };
})();
