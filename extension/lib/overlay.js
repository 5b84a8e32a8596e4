// The status overlay on the automation tab: what Passage is doing, or that it is the person's turn.
// Rendered by the service worker into the top frame's isolated world, inside a closed shadow root (the
// page's CSS cannot reach it), with pointer events passing through to the page, so it never blocks
// the page: the person can log in under it, and the automation's clicks land on the page, not on it.

/** Runs in the page (isolated world). `view`: {mode, heading, subheading, progress, label}. */
export function renderOverlay(view) {
  const TAG = "passage-overlay";
  let host = document.querySelector(TAG);
  if (view.mode === "hidden") {
    if (host) host.remove();
    return true;
  }
  if (!document.documentElement) return false;
  if (!host || !host.__passageRoot) {
    if (host) host.remove();
    host = document.createElement(TAG);
    const root = host.attachShadow({ mode: "closed" });
    host.__passageRoot = root;
    root.innerHTML = `
      <style>
        :host { all: initial; }
        .wrap { position: fixed; left: 0; right: 0; bottom: 0; display: flex; justify-content: center;
          padding: 0 12px 12px; box-sizing: border-box; pointer-events: none;
          font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        .card { pointer-events: none; width: 100%; max-width: 560px; box-sizing: border-box;
          background: #111827; color: #f9fafb; border-radius: 14px; padding: 12px 14px 12px 14px;
          box-shadow: 0 10px 30px rgba(0,0,0,.35); display: grid; grid-template-columns: auto 1fr auto;
          gap: 4px 12px; align-items: center; opacity: .97; }
        .turn .card { background: #312e81; outline: 3px solid #a5b4fc; }
        .done .card { background: #064e3b; }
        .failed .card { background: #7f1d1d; }
        .mark { width: 28px; height: 28px; border-radius: 8px; background: #4f46e5; color: #fff;
          display: grid; place-items: center; font-weight: 700; grid-row: span 2; }
        .turn .mark { background: #fbbf24; color: #111827; }
        .done .mark { background: #10b981; }
        .failed .mark { background: #ef4444; }
        .label { font-size: 12px; letter-spacing: .04em; text-transform: uppercase; opacity: .75; }
        .heading { font-weight: 650; font-size: 16px; grid-column: 2; }
        .sub { grid-column: 2 / span 2; opacity: .9; }
        .sub:empty { display: none; }
        .bar { grid-column: 1 / span 3; height: 6px; border-radius: 3px; background: rgba(255,255,255,.18);
          overflow: hidden; margin-top: 4px; }
        .bar > i { display: block; height: 100%; background: #a5b4fc; border-radius: 3px; width: 0; }
        .bar.indeterminate > i { width: 35%; animation: slide 1.4s ease-in-out infinite; }
        .turn .bar, .done .bar, .failed .bar { display: none; }
        @keyframes slide { from { margin-left: -35%; } to { margin-left: 100%; } }
        button { pointer-events: auto; font: inherit; font-size: 13px; color: inherit; background: rgba(255,255,255,.14);
          border: 0; border-radius: 8px; padding: 6px 10px; cursor: pointer; grid-row: 1; grid-column: 3; }
        button:focus-visible { outline: 2px solid #fbbf24; }
        .hide { display: none; }
        .turn .hide { display: inline-block; }
        .collapsed .card { grid-template-columns: auto 1fr auto; max-width: 320px; }
        .collapsed .sub, .collapsed .label { display: none; }
        .collapsed .heading { font-size: 14px; }
        @media (max-width: 480px) {
          .wrap { padding: 0 8px 8px; }
          .card { padding: 10px 12px; }
          .heading { font-size: 15px; }
        }
        @media (prefers-reduced-motion: reduce) { .bar.indeterminate > i { animation: none; width: 100%; opacity: .5; } }
      </style>
      <div class="wrap" part="wrap">
        <div class="card" role="status" aria-live="polite" aria-atomic="true">
          <div class="mark" aria-hidden="true">P</div>
          <div class="label"></div>
          <button class="hide" type="button" aria-expanded="true">Hide</button>
          <div class="heading"></div>
          <div class="sub"></div>
          <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"><i></i></div>
        </div>
      </div>`;
    const button = root.querySelector("button");
    button.addEventListener("click", () => {
      const wrap = root.querySelector(".wrap");
      const collapsed = wrap.classList.toggle("collapsed");
      button.textContent = collapsed ? "Show" : "Hide";
      button.setAttribute("aria-expanded", String(!collapsed));
    });
    document.documentElement.appendChild(host);
  }
  // Inline !important beats any page rule aimed at the element.
  for (const [k, v] of [["position", "fixed"], ["inset", "auto 0 0 0"], ["z-index", "2147483647"],
    ["pointer-events", "none"], ["display", "block"], ["visibility", "visible"], ["opacity", "1"]]) {
    host.style.setProperty(k, v, "important");
  }
  const root = host.__passageRoot;
  const wrap = root.querySelector(".wrap");
  const previous = host.getAttribute("data-mode");
  wrap.classList.remove("turn", "working", "done", "failed");
  wrap.classList.add(view.mode);
  if (previous !== view.mode && view.mode !== "turn") {
    wrap.classList.remove("collapsed");
    root.querySelector("button").textContent = "Hide";
  }
  host.setAttribute("data-mode", view.mode);
  root.querySelector(".label").textContent = view.label || "Passage";
  root.querySelector(".heading").textContent = view.heading || "";
  root.querySelector(".sub").textContent = view.subheading || "";
  const bar = root.querySelector(".bar");
  const fill = bar.querySelector("i");
  if (typeof view.progress === "number" && isFinite(view.progress)) {
    const pct = Math.round(Math.max(0, Math.min(1, view.progress)) * 100);
    bar.classList.remove("indeterminate");
    fill.style.width = pct + "%";
    bar.setAttribute("aria-valuenow", String(pct));
  } else {
    bar.classList.add("indeterminate");
    fill.style.width = "";
    bar.removeAttribute("aria-valuenow");
  }
  return true;
}
