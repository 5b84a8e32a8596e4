// Passage interaction recorder (debug sessions only): reports what the user does as
// {type:"interaction", kind:"click"|"input"|"submit", selector}. Typed values are never reported.
(function () {
  if (!window.__passage || window.__passage.interactionInstalled) return;
  window.__passage.interactionInstalled = true;
  var selector = function (el) {
    if (!el || !el.tagName) return "";
    if (el.id) return "#" + el.id;
    var name = el.getAttribute && el.getAttribute("name");
    return el.tagName.toLowerCase() + (name ? "[name=\"" + name + "\"]" : "");
  };
  ["click", "input", "submit"].forEach(function (kind) {
    document.addEventListener(kind, function (event) {
      try { window.__passage.emit({ type: "interaction", kind: kind, selector: selector(event.target) }); } catch (ignored) {}
    }, true);
  });
})();
