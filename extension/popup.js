// The popup: the current (or last) link, its state, the last status and a progress bar, a Cancel
// button, and a box to open a link by pasting its app-clip URL or code.
import { viewOf } from "./lib/view.js";
import { CONFIG } from "./config.js";

const $ = (id) => document.getElementById(id);
const BADGES = { turn: "Your turn", working: "Working", done: "Done", failed: "Stopped" };

async function state() {
  const all = await chrome.storage.session.get(["session", "lastSession"]);
  return all.session || all.lastSession || null;
}

async function draw() {
  const s = await state();
  const view = viewOf(s);
  $("session").hidden = !view;
  if (!view) return;
  const info = s.info || {};
  const service = (info.integration && info.integration.name) || "";
  const org = (info.organization && info.organization.name) || "";
  $("who").textContent = service + (org ? " · for " + org : "");
  $("link").textContent = s.linkId || info.linkId || "";
  $("badge").textContent = s.phase === "connecting" || s.phase === "claiming" ? "Starting" : BADGES[view.mode] || view.mode;
  $("badge").className = "badge " + view.mode;
  $("heading").textContent = view.heading;
  $("subheading").textContent = view.subheading || "";
  const bar = $("bar");
  const running = s.phase !== "ended";
  // A bar only while something is being done: not while the person logs in, nor after a failure.
  bar.hidden = view.mode === "turn" || view.mode === "failed";
  if (typeof view.progress === "number") {
    bar.classList.remove("indeterminate");
    bar.firstElementChild.style.width = Math.round(view.progress * 100) + "%";
    bar.setAttribute("aria-valuenow", String(Math.round(view.progress * 100)));
  } else {
    bar.classList.toggle("indeterminate", view.mode !== "turn");
    bar.firstElementChild.style.width = "";
    bar.removeAttribute("aria-valuenow");
  }
  $("cancel").hidden = !running;
  $("show").hidden = !running;
}

$("cancel").addEventListener("click", async () => {
  $("cancel").disabled = true;
  await chrome.runtime.sendMessage({ type: "popup.cancel" });
  $("cancel").disabled = false;
});

$("show").addEventListener("click", () => chrome.runtime.sendMessage({ type: "popup.focus" }));

$("open").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("open-error");
  error.hidden = true;
  const answer = await chrome.runtime.sendMessage({ type: "popup.open", text: $("link-input").value })
    .catch((e) => ({ ok: false, error: e.message }));
  if (!answer || !answer.ok) {
    error.textContent = (answer && answer.error) || "Could not open the link.";
    error.hidden = false;
  } else {
    $("link-input").value = "";
  }
});

$("server").textContent = "A pasted code is claimed at " + CONFIG.defaultServer + ".";
chrome.storage.onChanged.addListener((_, area) => {
  if (area === "session") draw();
});
draw();
