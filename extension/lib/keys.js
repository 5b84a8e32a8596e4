// Key names as Playwright's `press` takes them ("Enter", "Tab", "a", "Shift+Tab", "Control+a") turned
// into CDP Input.dispatchKeyEvent parameters.

const NAMED = {
  Enter: { code: "Enter", keyCode: 13, text: "\r" },
  Tab: { code: "Tab", keyCode: 9 },
  Escape: { code: "Escape", keyCode: 27 },
  Backspace: { code: "Backspace", keyCode: 8 },
  Delete: { code: "Delete", keyCode: 46 },
  Insert: { code: "Insert", keyCode: 45 },
  ArrowLeft: { code: "ArrowLeft", keyCode: 37 },
  ArrowUp: { code: "ArrowUp", keyCode: 38 },
  ArrowRight: { code: "ArrowRight", keyCode: 39 },
  ArrowDown: { code: "ArrowDown", keyCode: 40 },
  Home: { code: "Home", keyCode: 36 },
  End: { code: "End", keyCode: 35 },
  PageUp: { code: "PageUp", keyCode: 33 },
  PageDown: { code: "PageDown", keyCode: 34 },
  Space: { key: " ", code: "Space", keyCode: 32, text: " " },
  Shift: { code: "ShiftLeft", keyCode: 16 },
  Control: { code: "ControlLeft", keyCode: 17 },
  Alt: { code: "AltLeft", keyCode: 18 },
  Meta: { code: "MetaLeft", keyCode: 91 },
};
for (let i = 1; i <= 12; i++) {
  NAMED["F" + i] = { code: "F" + i, keyCode: 111 + i };
}

const MODIFIER_BITS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

/** The keyDown/keyUp pair for one combination, or throws for a name it does not know. */
export function keyEvents(combination) {
  const parts = String(combination).split("+");
  // "+" itself, or a combination ending in it ("Shift++").
  const last = combination.endsWith("++") || combination === "+" ? "+" : parts[parts.length - 1];
  const modifiers = combination === "+" ? [] : parts.slice(0, combination.endsWith("++") ? -2 : -1);
  let bits = 0;
  for (const m of modifiers) {
    const name = m === "ControlOrMeta" ? "Control" : m;
    if (!(name in MODIFIER_BITS)) {
      throw new Error(`Unknown modifier '${m}' in '${combination}'`);
    }
    bits |= MODIFIER_BITS[name];
  }
  let def;
  if (NAMED[last]) {
    def = { key: NAMED[last].key || last, ...NAMED[last] };
  } else if ([...last].length === 1) {
    const ch = last;
    const upper = ch.toUpperCase();
    const code = /[a-z]/i.test(ch) ? "Key" + upper : /[0-9]/.test(ch) ? "Digit" + ch : "";
    const keyCode = /[a-z0-9]/i.test(ch) ? upper.charCodeAt(0) : 0;
    def = { key: ch, code, keyCode, text: ch };
  } else {
    throw new Error(`Unknown key '${last}'`);
  }
  // With Control, Alt or Meta held a key is a shortcut, not text.
  const text = bits & (MODIFIER_BITS.Control | MODIFIER_BITS.Alt | MODIFIER_BITS.Meta) ? undefined : def.text;
  const common = { key: def.key, code: def.code, windowsVirtualKeyCode: def.keyCode, nativeVirtualKeyCode: def.keyCode,
    modifiers: bits };
  return [
    { type: text ? "keyDown" : "rawKeyDown", ...common, text, unmodifiedText: text },
    { type: "keyUp", ...common },
  ];
}
