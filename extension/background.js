// Passage Connect's service worker: takes links from the link page, the popup and the consent page,
// runs one session at a time, and picks a running session up again whenever the worker restarts.
// Every listener is registered at the top level, so that an event (an alarm, a tab update, a debugger
// event, a message) that wakes a stopped worker reaches it.
import { Runtime, ALARM } from "./lib/session.js";
import * as links from "./lib/links.js";
import { consentSentence, writes } from "./lib/wording.js";

const runtime = new Runtime();
const REQUESTS = "requests";
const VERSION = chrome.runtime.getManifest().version;
const ready = runtime.resume().catch((e) => console.error("Passage: resume failed", e));

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) {
    ready.then(() => runtime.ensure());
  }
});

chrome.debugger.onEvent.addListener((source, method, params) => {
  if (runtime.tab && source.tabId === runtime.tab.tabId) {
    runtime.tab.onEvent(method, params || {});
  }
});

chrome.debugger.onDetach.addListener((source, reason) => {
  ready.then(() => runtime.detached(source.tabId, reason));
});

chrome.tabs.onRemoved.addListener((tabId) => {
  ready.then(() => runtime.detached(tabId, "target_closed"));
});

chrome.tabs.onUpdated.addListener((tabId) => {
  // The automation tab moving while the worker was stopped wakes it: carry on.
  if (runtime.state && runtime.state.tabId === tabId) {
    ready.then(() => runtime.ensure());
  }
});

chrome.runtime.onStartup.addListener(() => ready);

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  ready.then(() => dispatch(message || {}, sender))
    .then((answer) => reply(answer === undefined ? { ok: true } : answer))
    .catch((e) => reply({ ok: false, error: e.message || String(e) }));
  return true; // answers asynchronously
});

async function dispatch(message, sender) {
  switch (message.type) {
    case "linkPage.hello":
      return { ok: true, trusted: fromTrustedLinkPage(sender), version: VERSION };
    case "linkPage.open": {
      if (!fromTrustedLinkPage(sender)) {
        throw new links.LinkError("This page is not a Passage server this extension is set up for.");
      }
      const { code } = links.parseLink(String(message.code || ""));
      await openConsent({ server: links.serverOf(sender.url), code }, sender.tab && sender.tab.id);
      return { ok: true };
    }
    case "popup.open": {
      const request = links.parseLink(message.text);
      links.requireTrusted(request.server);
      await openConsent(request, null);
      return { ok: true };
    }
    case "popup.cancel":
      await runtime.cancel();
      return { ok: true };
    case "popup.focus":
      if (runtime.state && runtime.state.tabId) {
        const tab = await chrome.tabs.update(runtime.state.tabId, { active: true });
        await chrome.windows.update(tab.windowId, { focused: true }).catch(() => {});
      }
      return { ok: true };
    case "consent.load":
      return consentLoad(message.request);
    case "consent.agree":
      return consentAgree(message.request, sender);
    case "consent.decline":
      return consentDecline(message.request);
    default:
      throw new Error("Unknown message " + message.type);
  }
}

/** Only the top frame of a page on a trusted Passage server may hand a link over. */
function fromTrustedLinkPage(sender) {
  return !!sender.tab && sender.frameId === 0 && typeof sender.url === "string"
    && links.isTrustedServer(new URL(sender.url).origin);
}

// ---- consent ---------------------------------------------------------------------------------------

async function requests() {
  return (await chrome.storage.session.get(REQUESTS))[REQUESTS] || {};
}

async function saveRequest(id, request) {
  const all = await requests();
  // A consent page closed without an answer leaves its request behind: forget those after an hour.
  for (const [key, r] of Object.entries(all)) {
    if (Date.now() - r.createdAt > 3600000) delete all[key];
  }
  if (request) {
    all[id] = request;
  } else {
    delete all[id];
  }
  await chrome.storage.session.set({ [REQUESTS]: all });
}

/** Nothing runs before the person agrees: a link first opens the consent page. */
async function openConsent(request, openerTabId) {
  const id = crypto.randomUUID();
  await saveRequest(id, { server: request.server, code: request.code, createdAt: Date.now() });
  const url = chrome.runtime.getURL("consent.html?request=" + id);
  const options = { url, active: true };
  if (openerTabId) {
    const opener = await chrome.tabs.get(openerTabId).catch(() => null);
    if (opener) {
      options.openerTabId = openerTabId;
      options.index = opener.index + 1;
      options.windowId = opener.windowId;
    }
  }
  await chrome.tabs.create(options);
}

async function request(id) {
  const r = (await requests())[id];
  if (!r) {
    throw new links.LinkError("This request has expired; open the link again.");
  }
  return r;
}

async function consentLoad(id) {
  const r = await request(id);
  const info = await links.fetchInfo(r.server, r.code);
  r.info = info;
  await saveRequest(id, r);
  return { ok: true, info, sentence: consentSentence(info), writes: writes(info), server: new URL(r.server).origin,
    busy: runtime.busy() };
}

async function consentAgree(id, sender) {
  const r = await request(id);
  if (!r.info) {
    throw new links.LinkError("The link's details did not load; reload this page.");
  }
  await saveRequest(id, null);
  await runtime.start({ server: r.server, code: r.code, info: r.info });
  // The automation tab has opened beside it; the consent page has done its job.
  if (sender.tab) {
    chrome.tabs.remove(sender.tab.id).catch(() => {});
  }
  return { ok: true };
}

async function consentDecline(id) {
  const r = await request(id);
  await links.decline(r.server, r.code);
  await saveRequest(id, null);
  return { ok: true };
}


