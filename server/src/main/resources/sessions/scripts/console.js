// Passage console capture: reports console lines as {type:"console", level, text}.
(function () {
  if (!window.__passage || window.__passage.consoleInstalled) return;
  window.__passage.consoleInstalled = true;
  ["log", "info", "warn", "error", "debug"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      try {
        var text = Array.prototype.map.call(arguments, function (a) {
          try { return typeof a === "string" ? a : JSON.stringify(a); } catch (e) { return String(a); }
        }).join(" ");
        window.__passage.emit({ type: "console", level: level, text: text.slice(0, 4096) });
      } catch (ignored) {}
      return original.apply(this, arguments);
    };
  });
})();
