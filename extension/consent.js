// The consent page: names who asked, for which service, and what will be read or written, and starts
// the session only when the person agrees. Cancel declines the link (it fails with user_cancelled).
import { phrase } from "./lib/wording.js";

const $ = (id) => document.getElementById(id);
const requestId = new URLSearchParams(location.search).get("request") || "";

function send(message) {
  return chrome.runtime.sendMessage({ ...message, request: requestId });
}

function show(id) {
  for (const section of ["loading", "problem", "ask", "declined"]) {
    $(section).hidden = section !== id;
  }
}

function problem(title, text) {
  $("problem-title").textContent = title;
  $("problem-text").textContent = text;
  show("problem");
}

function item(list, text) {
  const li = document.createElement("li");
  li.textContent = text;
  list.appendChild(li);
  return li;
}

function capital(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function load() {
  const answer = await send({ type: "consent.load" }).catch((e) => ({ ok: false, error: e.message }));
  if (!answer || !answer.ok) {
    problem("This link cannot be used", (answer && answer.error) || "The extension did not answer.");
    return;
  }
  const { info, sentence, writes, server } = answer;
  const org = (info.organization && info.organization.name) || "The app";
  const service = (info.integration && info.integration.name) || "the service";
  if (info.status === "complete") {
    problem("This link has been used", "Links work once. Ask " + org + " for a new one.");
    return;
  }
  if (info.status === "expired") {
    problem("This link has expired", "Ask " + org + " for a new one.");
    return;
  }
  if (info.status === "active") {
    problem("This link is already open", "It is being used somewhere else right now.");
    return;
  }
  document.title = "Passage Connect: " + sentence;
  $("sentence").textContent = sentence + ".";
  $("lead").textContent = "You stay in control: you log in to " + service + " yourself, and you can stop at any time.";

  const steps = $("steps");
  item(steps, "A new tab opens " + service + "'s sign-in page. You log in there yourself, as usual.");
  const doing = (info.operations || []).map((op) => phrase(op, service));
  item(steps, "Passage then does only this, for " + org + ": " + doing.join("; ") + ". It works in that one tab, on "
    + service + "'s website only, and shows you what it is doing.");
  item(steps, "When it is done, " + org + " receives the result and the tab tells you.");

  const ops = $("ops");
  // The server's words for people; an operation's description is written for developers and not shown.
  for (const op of info.operations || []) {
    item(ops, capital(phrase(op, service)));
  }
  if (writes) {
    $("write-note").hidden = false;
    $("write-note").textContent = "This changes your " + service + " account. " + org
      + " gave Passage the details to enter; Passage types them into " + service + "'s own form.";
  }
  const never = $("never");
  item(never, "sees, stores or sends your password: you type it into " + service + " yourself, and it stays in this browser");
  item(never, "reads your cookies or anything in your other tabs");
  item(never, "goes to any site but " + service + "'s while it works");

  $("agree").textContent = "Continue to " + service;
  const expires = info.expiresAt ? new Date(info.expiresAt).toLocaleString() : "";
  $("meta").textContent = "Link " + info.linkId + " · from " + server + (expires ? " · valid until " + expires : "");
  if (answer.busy) {
    $("ask-error").hidden = false;
    $("ask-error").textContent = "Another link is in progress in this browser: finish or cancel it first.";
    $("agree").disabled = true;
  }
  show("ask");
  $("agree").focus();

  $("agree").addEventListener("click", async () => {
    $("agree").disabled = true;
    $("decline").disabled = true;
    $("agree").textContent = "Opening " + service + "…";
    const r = await send({ type: "consent.agree" }).catch((e) => ({ ok: false, error: e.message }));
    if (!r || !r.ok) {
      $("ask-error").hidden = false;
      $("ask-error").textContent = (r && r.error) || "Could not start.";
      $("agree").textContent = "Continue to " + service;
      $("agree").disabled = false;
      $("decline").disabled = false;
    }
  });
  $("decline").addEventListener("click", async () => {
    $("agree").disabled = true;
    $("decline").disabled = true;
    const r = await send({ type: "consent.decline" }).catch((e) => ({ ok: false, error: e.message }));
    if (!r || !r.ok) {
      $("ask-error").hidden = false;
      $("ask-error").textContent = (r && r.error) || "Could not decline.";
      $("decline").disabled = false;
      return;
    }
    $("declined-text").textContent = org + " has been told you declined. Nothing was done with your " + service
      + " account.";
    show("declined");
  });
}

load();
