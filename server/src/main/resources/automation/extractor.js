(spec) => {
  // Passage's generic extractor: turns a declarative spec into JSON, run in the page by one `evaluate`.
  // spec: {list, fields, limit} | {fields} | {json, path, lookup, limit} | {check} (first match's text or null)
  // | {login: {failures: [selector(s), …], mfa}} (the login probe, below).
  const get = (obj, path) => (path || '').split('.').filter(p => p).reduce((o, k) => (o == null ? undefined : o[k]), obj);
  const limitOf = (n) => (n === null || n === undefined || n === '' ? Infinity : Number(n));
  const value = (root, index, f) => {
    if (typeof f === 'string') f = { selector: f };
    if ('value' in f) return f.value;
    if (f.index) return index + (typeof f.index === 'number' ? f.index : 0);
    const el = f.selector ? root.querySelector(f.selector) : root;
    if (f.exists) return !!el;
    if (f.fields) {
      if (!el) return null;
      const o = {};
      for (const [k, sub] of Object.entries(f.fields)) {
        const v = value(el, index, sub);
        if (v !== null && v !== undefined && v !== '') o[k] = v;
      }
      return Object.keys(o).length ? o : (f.emptyObject ? {} : null);
    }
    if (!el) return null;
    if (f.dataset) return Object.assign({}, el.dataset);
    let v = f.attribute ? el.getAttribute(f.attribute) : (el.textContent || '');
    if (v === null) return null;
    v = String(v).replace(/\s+/g, ' ').trim();
    if (f.regex) { const m = v.match(new RegExp(f.regex)); if (!m) return null; v = m.length > 1 ? m[1] : m[0]; }
    if (f.lowercase) v = v.toLowerCase();
    if (f.map) v = (v in f.map) ? f.map[v] : (('*' in f.map) ? f.map['*'] : v);
    if (f.number) { const n = Number(String(v).replace(/[^0-9.+-eE]/g, '')); return v === '' || !isFinite(n) ? null : n; }
    if (f.boolean) return ['true', 'yes', '1', 'on'].includes(String(v).toLowerCase());
    return v;
  };
  const object = (root, index, fields) => {
    const o = {};
    for (const [k, f] of Object.entries(fields || {})) {
      const v = value(root, index, f);
      const optional = typeof f === 'object' && f.optional;
      if (v === null || v === undefined || (optional && v === '')) { if (!optional) o[k] = null; continue; }
      o[k] = v;
    }
    return o;
  };
  if (spec.check) {
    for (const sel of [].concat(spec.check)) {
      const el = document.querySelector(sel);
      if (el && el.getClientRects().length > 0) {
        return { selector: sel, text: (el.textContent || '').replace(/\s+/g, ' ').trim(), code: el.getAttribute('data-error-code') };
      }
    }
    return null;
  }
  if (spec.login) {
    // The login probe: the first refusal on the page not reported before, and whether the one-time-code
    // step shows. Each rendering of an error is one refusal: what was reported is remembered in the page
    // by the error's first text node, so a message still showing is not a second refusal, while the same
    // words rendered again (a new page, or a script that writes them again) are. A new document forgets.
    // (The sandbox's scripted person reads the same memory to wait until a refusal has been counted.)
    const KEY = Symbol.for('passage.refusals');
    if (!window[KEY]) Object.defineProperty(window, KEY, { value: new WeakSet() });
    const counted = window[KEY];
    const shown = (el) => !!el && el.getClientRects().length > 0;
    const firstText = (el) => {
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.textContent.trim()) return n;
      return el;
    };
    let failure = null;
    (spec.login.failures || []).forEach((selectors, index) => {
      for (const sel of [].concat(selectors)) {
        for (const el of document.querySelectorAll(sel)) {
          if (failure || !shown(el) || counted.has(firstText(el))) continue;
          counted.add(firstText(el));
          failure = { index, selector: sel, text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
            code: el.getAttribute('data-error-code') };
        }
      }
    });
    const mfa = [].concat(spec.login.mfa || []).some((sel) => shown(document.querySelector(sel)));
    return { failure, mfa };
  }
  if (spec.json) {
    const el = document.querySelector(spec.json);
    if (!el) throw new Error('no element ' + spec.json);
    const data = JSON.parse(el.textContent);
    let v = get(data, spec.path);
    if (spec.lookup) { const map = get(data, spec.lookup) || {}; v = (v || []).map(k => map[k]); }
    if (Array.isArray(v)) v = v.slice(0, limitOf(spec.limit));
    return v === undefined ? null : v;
  }
  if (spec.list) {
    const items = Array.from(document.querySelectorAll(spec.list)).slice(0, limitOf(spec.limit));
    return items.map((el, i) => object(el, i, spec.fields));
  }
  return object(document, 0, spec.fields);
}
