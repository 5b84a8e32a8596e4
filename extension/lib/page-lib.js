// DOM helpers the commands run inside the page, in an isolated world of the extension's own (the
// page shares the DOM with it but not its JavaScript, so a page cannot fake what these see). The
// function is sent as source with every call and answers plain JSON. No timers in here: a tab in the
// background has its timers throttled, so every wait is done by the service worker.
export function pageLib() {
  const describe = (el) => {
    if (!el || !el.tagName) return String(el);
    const id = el.id ? "#" + el.id : "";
    const cls = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\s+/).slice(0, 2).join(".") : "";
    return el.tagName.toLowerCase() + id + cls;
  };
  const query = (selector) => {
    let s = String(selector).trim();
    if (s.startsWith("xpath=") || s.startsWith("//") || s.startsWith("(//")) {
      const expression = s.startsWith("xpath=") ? s.slice(6) : s;
      const found = document.evaluate(expression, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
      const out = [];
      for (let i = 0; i < found.snapshotLength; i++) {
        if (found.snapshotItem(i).nodeType === Node.ELEMENT_NODE) out.push(found.snapshotItem(i));
      }
      return out;
    }
    if (s.startsWith("css=")) s = s.slice(4);
    try {
      if (!s.includes(":visible")) return Array.from(document.querySelectorAll(s));
      // Playwright's :visible, as the automations use it ("#a:visible, #b:visible"): each part of the
      // list is matched without it and, where it had it, only its visible matches are kept.
      const found = new Set();
      for (const part of splitList(s)) {
        const wantsVisible = part.includes(":visible");
        for (const el of document.querySelectorAll(part.replaceAll(":visible", "") || "*")) {
          if (!wantsVisible || visible(el)) found.add(el);
        }
      }
      return Array.from(found).sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    } catch (e) {
      throw new Error("BAD_SELECTOR: '" + selector + "' is not a valid selector");
    }
  };
  // A selector list split at its top-level commas (not those inside (), [] or quotes).
  const splitList = (s) => {
    const parts = [];
    let depth = 0;
    let quote = null;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (quote) {
        if (c === "\\") i++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 0) {
        parts.push(s.slice(start, i).trim());
        start = i + 1;
      }
    }
    parts.push(s.slice(start).trim());
    return parts.filter(Boolean);
  };
  const pick = (selector, nth) => {
    const all = query(selector);
    if (Number.isInteger(nth)) return all[nth < 0 ? all.length + nth : nth] || null;
    return all[0] || null;
  };
  // Playwright's rule: a non-empty bounding box and no visibility:hidden.
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.visibility === "collapse") return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const enabled = (el) => {
    if (el.matches(":disabled")) return false;
    return !el.closest('[aria-disabled="true"]');
  };
  const editable = (el) => !el.readOnly && el.getAttribute("aria-readonly") !== "true";
  const nativeSetter = (el) => {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
      : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    return Object.getOwnPropertyDescriptor(proto, "value").set;
  };
  const fire = (el, ...types) => {
    for (const type of types) {
      el.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
    }
  };
  const inViewport = (r) => r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;

  return {
    /** {count, attached, visible} of the first (or nth) match. */
    state(selector, nth) {
      const all = query(selector);
      const el = Number.isInteger(nth) ? all[nth < 0 ? all.length + nth : nth] : all[0];
      return { count: all.length, attached: !!el, visible: visible(el) };
    },

    /** Gets the element ready for a pointer action: where to press, or why not yet. */
    clickPoint(selector, nth) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (!visible(el)) return { status: "hidden", detail: describe(el) + " is not visible" };
      if (!enabled(el)) return { status: "disabled", detail: describe(el) + " is disabled" };
      let rect = el.getBoundingClientRect();
      if (!inViewport(rect)) {
        el.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
        rect = el.getBoundingClientRect();
      }
      const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
      const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== el && !el.contains(hit)) {
        const label = hit.closest && hit.closest("label");
        if (!(label && label.control === el)) {
          return { status: "obscured", detail: describe(hit) + " would receive the click" };
        }
      }
      return { status: "ok", x, y, rect: [rect.left, rect.top, rect.width, rect.height] };
    },

    /** Focuses a field for typing; fills at once the kinds no keyboard types into (date, color, range). */
    prepareFill(selector, nth, value) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (!visible(el)) return { status: "hidden", detail: describe(el) + " is not visible" };
      if (!enabled(el)) return { status: "disabled", detail: describe(el) + " is disabled" };
      if (el instanceof HTMLInputElement) {
        const type = (el.type || "text").toLowerCase();
        if (["checkbox", "radio", "file", "submit", "button", "reset", "image", "hidden"].includes(type)) {
          return { status: "error", detail: 'Input of type "' + type + '" cannot be filled' };
        }
        if (!editable(el)) return { status: "readonly", detail: describe(el) + " is read-only" };
        if (["date", "time", "datetime-local", "month", "week", "color", "range"].includes(type)) {
          el.focus();
          nativeSetter(el).call(el, value);
          if (el.value !== value) return { status: "error", detail: "Malformed value for an input of type " + type };
          fire(el, "input", "change");
          return { status: "done" };
        }
        el.focus();
        try { el.select(); } catch (e) { /* a type without a text selection: typing replaces nothing */ }
        return { status: "type" };
      }
      if (el instanceof HTMLTextAreaElement) {
        if (!editable(el)) return { status: "readonly", detail: describe(el) + " is read-only" };
        el.focus();
        el.select();
        return { status: "type" };
      }
      if (el.isContentEditable) {
        el.focus();
        const range = document.createRange();
        range.selectNodeContents(el);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return { status: "type" };
      }
      return { status: "error", detail: describe(el) + " is not an <input>, <textarea> or [contenteditable] element" };
    },

    /** After typing: makes sure the value is there (set it the framework-friendly way if not) and says change. */
    finishFill(selector, nth, value) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (el.isContentEditable) {
        if (el.textContent !== value) {
          el.textContent = value;
          fire(el, "input");
        }
        return { status: "done" };
      }
      if (el.value !== value && !(el.maxLength > 0 && value.length > el.maxLength)) {
        // Typing did not land (the tab lost focus, or a script reformatted it): set it as React expects.
        nativeSetter(el).call(el, value);
        fire(el, "input");
      }
      fire(el, "change");
      return { status: "done" };
    },

    /** Selects options by value or label; answers the values now selected. */
    select(selector, nth, wanted) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (!(el instanceof HTMLSelectElement)) {
        return { status: "error", detail: describe(el) + " is not a <select> element" };
      }
      if (!visible(el)) return { status: "hidden", detail: describe(el) + " is not visible" };
      if (!enabled(el)) return { status: "disabled", detail: describe(el) + " is disabled" };
      const options = Array.from(el.options);
      const chosen = [];
      for (const w of wanted) {
        const option = options.find((o) => o.value === w) || options.find((o) => o.label === w || o.text.trim() === w);
        if (!option) return { status: "nooption", detail: "no option '" + w + "' in " + describe(el) };
        chosen.push(option);
      }
      if (!el.multiple && chosen.length > 1) chosen.length = 1;
      for (const o of options) o.selected = chosen.includes(o);
      fire(el, "input", "change");
      return { status: "done", values: options.filter((o) => o.selected).map((o) => o.value) };
    },

    /** Focuses an element before a key press. */
    focus(selector, nth) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (!visible(el)) return { status: "hidden", detail: describe(el) + " is not visible" };
      el.focus();
      return { status: "done" };
    },

    /** Reads an attribute, the text or the inner HTML of the first (or nth) match once it is attached. */
    read(selector, nth, what, name) {
      const el = pick(selector, nth);
      if (!el) return { status: "missing" };
      if (what === "attribute") return { status: "done", value: el.getAttribute(name) };
      if (what === "text") return { status: "done", value: el.textContent };
      return { status: "done", value: el.innerHTML };
    },

    content() {
      const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : "";
      return doctype + (document.documentElement ? document.documentElement.outerHTML : "");
    },

    title() {
      return document.title;
    },

    readyState() {
      return document.readyState;
    },
  };
}
