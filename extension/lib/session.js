// The client side of a session (docs/protocol.md): claims the link, opens the one automation tab,
// connects as the client, injects the server's scripts at document start, runs the worker's commands,
// hands the tab to the person when the session yields, and ends with the session.
//
// An MV3 service worker may be stopped at any time, so everything needed to carry on lives in
// chrome.storage.session (server, token, lastSeq, tab, scripts, …): a restarted worker re-attaches to
// its tab, reconnects with the same token and lastSeq, and the server replays what it missed. lastSeq
// is stored only once a message has been fully handled, so a command cut short by a stop is replayed
// and run again rather than lost.
import { Tab, CommandError } from "./tab.js";
import { Commands } from "./commands.js";
import { normaliseOrigins, httpOrigin } from "./origins.js";
import { renderOverlay } from "./overlay.js";
import { viewOf } from "./view.js";
import { batches } from "./batches.js";
import * as links from "./links.js";

const KEY = "session";
const LAST = "lastSession";
const FLUSH_MS = 150;
const MAX_BUFFER = 5000;
const KEEPALIVE_MS = 20000;
const RECONNECT_FOR_MS = 90000;
export const ALARM = "passage-keepalive";
/** Commands that mean the automation has taken the tab back, not merely looked at it. */
const MOVES_ON = new Set(["navigate", "click", "fill", "select", "press", "goBack", "reload"]);
const TERMINAL = new Set(["complete", "failed", "expired"]);
const RETURN_SCHEMES = /^(javascript|data|file|chrome|chrome-extension|about|blob|filesystem|view-source|devtools):/i;

export class Runtime {
  constructor() {
    this.state = null;
    this.tab = null;
    this.commands = null;
    this.socket = null;
    this.helloSeen = false;
    this.queue = Promise.resolve();
    this.buffer = [];
    this.flushTimer = null;
    this.lastSentAt = 0;
    this.keepalive = null;
    this.reconnectTimer = null;
    this.droppedAt = 0;
    this.rendering = null;
    this.renderAgain = false;
    // Set once start() or resume() has the tab and its first socket: only then may ensure() reconnect.
    this.live = false;
  }

  /** Whether a session is under way (the popup and the consent page ask before starting another). */
  busy() {
    return !!this.state && this.state.phase !== "ended";
  }

  // ---- start, resume, end --------------------------------------------------------------------

  /** Claims the link the person agreed to and runs its session in a new tab. */
  async start({ server, code, info }) {
    if (this.busy()) {
      throw new links.LinkError("Another link is in progress in this browser: finish or cancel it first.");
    }
    this.state = { phase: "claiming", server, info: publicInfo(info), startedAt: Date.now(), lastSeq: 0,
      resumes: 0, commandsRun: 0, turn: false, interactive: false, status: null, scripts: [], allowedOrigins: [] };
    await this.save();
    let claimed;
    try {
      claimed = await links.claim(server, code);
    } catch (e) {
      await this.finish({ state: "failed", error: { message: e.message } }, { leaveTab: true });
      throw e;
    }
    Object.assign(this.state, { linkId: claimed.linkId, sessionId: claimed.sessionId, clientToken: claimed.clientToken,
      websocketUrl: claimed.websocketUrl, expiresAt: claimed.expiresAt, phase: "connecting" });
    try {
      const tab = await chrome.tabs.create({ url: "about:blank", active: true });
      this.state.tabId = tab.id;
      await this.save();
      await this.openTab(true);
    } catch (e) {
      // Claimed but not driven: the server fails the link when no client comes.
      await this.finish({ state: "failed", error: { message: e.message } });
      throw e;
    }
    this.live = true;
    this.connect();
    return claimed;
  }

  /** After the service worker restarted: picks the stored session up again, if one was running. */
  async resume() {
    const stored = (await chrome.storage.session.get(KEY))[KEY];
    if (!stored || stored.phase === "ended" || this.state) {
      return;
    }
    this.state = stored;
    if (stored.phase === "claiming" || !stored.clientToken) {
      // Stopped between the claim and its answer: the token is unknown, the server times the session out.
      await this.finish({ state: "failed", error: { message: "Passage stopped while starting; open the link again." } },
        { leaveTab: true });
      return;
    }
    this.state.resumes = (stored.resumes || 0) + 1;
    await this.save();
    try {
      await chrome.tabs.get(stored.tabId);
    } catch {
      await this.finish({ state: "failed", error: { message: "The tab was closed." } }, { leaveTab: true });
      return;
    }
    try {
      await this.openTab(false);
    } catch (e) {
      await this.finish({ state: "failed", error: { message: e.message } }, { leaveTab: true });
      return;
    }
    // Events of the stop are lost; the top frame's URL, as the browser reports it, is not.
    this.telemetry({ type: "navigation", url: this.tab.url });
    this.live = true;
    this.connect();
  }

  /** Wakes the session if the worker was stopped (alarms, tab events and popups call this). */
  async ensure() {
    if (!this.state) {
      await this.resume();
    } else if (this.live && this.busy() && !this.socket && !this.reconnectTimer) {
      this.connect();
    }
  }

  async openTab(fresh) {
    this.tab = new Tab(this.state.tabId, {
      telemetry: (e) => this.telemetry(e),
      navigated: () => this.render(),
      loaded: () => this.render(),
      dialog: (p) => this.dialog(p),
    });
    const newAttachment = await this.tab.attach();
    if (fresh || newAttachment) {
      // A new attachment has no document-start scripts: the shim, and the server's if hello gave them.
      await this.tab.addShim();
      const scripts = this.state.scripts || [];
      this.state.scriptIds = await this.tab.addScripts(scripts);
      this.state.scriptsAdded = scripts.length > 0;
      await this.save();
    }
    this.commands = new Commands(this.tab, { allowedOrigins: () => this.state.allowedOrigins || [] },
      (status) => this.setStatus(status));
    this.startKeepalive();
    this.render();
  }

  /** The person cancelled from the popup: the tab is let go and the socket closed; the server fails the link. */
  async cancel() {
    if (!this.busy()) return;
    await this.finish({ state: "cancelled", error: { message: "You stopped linking. Nothing more will be done in this tab." } });
  }

  /** The debugger was detached (the person pressed Cancel on the browser's bar) or the tab closed. */
  async detached(tabId, reason) {
    if (!this.state || this.state.tabId !== tabId || !this.busy()) return;
    this.tab.attached = false;
    const closed = reason === "target_closed";
    await this.finish({ state: "cancelled", error: { message: closed ? "The tab was closed."
      : "Passage was stopped in this tab." } }, { leaveTab: closed });
  }

  /** Ends the session on this side: final overlay, returnUrl, detach, close, remember the outcome. */
  async finish(outcome, { leaveTab = false } = {}) {
    if (!this.state || this.state.phase === "ended") return;
    this.flush();
    this.state.phase = "ended";
    this.live = false;
    this.state.outcome = outcome;
    this.state.turn = false;
    delete this.state.clientToken;
    this.stopKeepalive();
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(1000, outcome.state === "cancelled" ? "cancelled by the person" : "session over");
    }
    if (this.tab && this.tab.attached && !leaveTab) {
      await this.render();
    }
    if (this.tab) {
      await this.tab.detach();
    }
    const returnUrl = this.state.info && this.state.info.returnUrl;
    if (!leaveTab && returnUrl && !RETURN_SCHEMES.test(returnUrl) && outcome.state !== "cancelled") {
      setTimeout(() => chrome.tabs.update(this.state.tabId, { url: returnUrl }).catch(() => {}), 1500);
    }
    await chrome.alarms.clear(ALARM);
    await chrome.storage.session.set({ [LAST]: this.state });
    await chrome.storage.session.remove(KEY);
  }

  // ---- socket ----------------------------------------------------------------------------------

  connect() {
    const s = this.state;
    if (!this.busy() || !s.clientToken) return;
    const url = s.websocketUrl + (s.websocketUrl.includes("?") ? "&" : "?") + "role=client&token="
      + encodeURIComponent(s.clientToken);
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (e) {
      this.dropped();
      return;
    }
    this.socket = socket;
    this.helloSeen = false;
    socket.onopen = () => {
      this.droppedAt = 0;
      this.sendRaw({ type: "client.hello", lastSeq: this.state.lastSeq || 0 });
    };
    socket.onmessage = (e) => {
      let message;
      try {
        message = JSON.parse(e.data);
      } catch {
        return;
      }
      this.queue = this.queue.then(() => this.handle(message)).catch((err) => console.error("Passage:", err));
    };
    socket.onclose = () => {
      if (this.socket === socket) {
        this.socket = null;
        this.dropped();
      }
    };
  }

  /** A dropped socket reconnects with the same token and lastSeq, for a while. */
  dropped() {
    if (!this.busy()) return;
    if (!this.droppedAt) this.droppedAt = Date.now();
    if (Date.now() - this.droppedAt > RECONNECT_FOR_MS) {
      this.finish({ state: "failed", error: { message: "Lost the connection to Passage." } });
      return;
    }
    const tries = Math.round((Date.now() - this.droppedAt) / 1000);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, Math.min(5000, 500 + tries * 500));
  }

  sendRaw(message) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    this.lastSentAt = Date.now();
    return true;
  }

  // ---- messages --------------------------------------------------------------------------------

  async handle(message) {
    if (!this.busy()) return;
    const seq = typeof message.seq === "number" ? message.seq : 0;
    if (seq > 0) {
      if (seq <= (this.state.lastSeq || 0)) {
        return; // already handled before a reconnect
      }
    }
    switch (message.type) {
      case "server.hello":
        await this.hello(message);
        break;
      case "server.replay":
        for (const m of message.messages || []) {
          await this.handle(m);
        }
        break;
      case "server.command":
        if (message.redacted) {
          // The stored copy of a command whose secret value was never kept (a replay after a
          // reconnect): never run it, or "[redacted]" would be typed. The worker sends it again.
          break;
        }
        if (!(await this.command(message))) {
          return; // The answer could not be sent: the replay after the reconnect brings the command again.
        }
        break;
      case "server.set_interactive":
        this.state.interactive = !!message.interactive;
        if (this.state.interactive && !this.state.turn) {
          // The worker may hand the tab back and forth while it watches for a login error; the
          // person's turn lasts until the automation really moves on.
          this.state.turn = true;
          this.state.turnSince = Date.now();
          this.render();
        }
        break;
      case "server.session_end":
        this.seen(seq);
        await this.finish({ state: message.state, error: message.error || null });
        return;
      case "server.ack":
        if (message.accepted === false) {
          console.warn("Passage: the server did not take", message.of, message.error || message.id || "");
        }
        break;
      default:
        break;
    }
    this.seen(seq);
    if (this.state && this.state.phase !== "ended") {
      await this.save();
    }
  }

  seen(seq) {
    if (seq > (this.state.lastSeq || 0)) this.state.lastSeq = seq;
  }

  async hello(message) {
    const s = this.state;
    s.allowedOrigins = normaliseOrigins(message.allowedOrigins);
    s.interactive = !!message.interactive;
    if (!s.scriptsAdded) {
      s.scripts = (Array.isArray(message.scripts) ? message.scripts : [])
        .filter((x) => x && typeof x.source === "string")
        .map((x) => ({ name: String(x.name || ""), source: x.source }));
      s.scriptIds = await this.tab.addScripts(s.scripts);
      s.scriptsAdded = true;
    }
    if (TERMINAL.has(message.state)) {
      await this.finish({ state: message.state, error: message.error || null });
      return;
    }
    s.phase = "running";
    this.helloSeen = true;
    this.flush();
  }

  async command(message) {
    const name = String(message.command || "");
    if (MOVES_ON.has(name) && this.state.turn) {
      this.state.turn = false;
    }
    this.state.commandsRun = (this.state.commandsRun || 0) + 1;
    if (this.state.commandsRun === 1 || MOVES_ON.has(name)) {
      await this.render();
    }
    const response = { type: "client.command_response", id: message.id };
    try {
      response.result = await this.commands.run(name, message.args);
      if (response.result === undefined) response.result = null;
      response.ok = true;
    } catch (e) {
      response.ok = false;
      response.error = e instanceof CommandError ? { code: e.code, message: e.message }
        : { code: "PAGE_ERROR", message: `${name} failed: ${(e && e.message) || e}` };
    }
    this.flush();
    return this.sendRaw(response);
  }

  async setStatus(status) {
    this.state.status = { ...status, at: Date.now() };
    await this.save();
    await this.render();
  }

  dialog(params) {
    // While the automation runs, a dialog would stall it: dismiss it, as Playwright does. On the
    // person's turn the dialog is theirs.
    if (!this.state.turn && this.tab) {
      this.tab.send("Page.handleJavaScriptDialog", { accept: params.type === "beforeunload" }).catch(() => {});
    }
  }

  // ---- telemetry -------------------------------------------------------------------------------

  telemetry(event) {
    if (!this.busy()) return;
    // Nothing from pages outside the integration's origins: where else the person goes in the tab
    // is not Passage's business.
    const allowed = this.state.allowedOrigins || [];
    if (this.tab && this.tab.url !== "about:blank" && !allowed.includes(httpOrigin(this.tab.url))) {
      return;
    }
    // A document on its way in from elsewhere answers before the tab shows it: judge it by its own URL.
    if (event.type === "network" && event.resourceType === "document" && !allowed.includes(httpOrigin(event.url))) {
      return;
    }
    if (typeof event.ts !== "number") event.ts = Date.now();
    this.buffer.push(event);
    if (this.buffer.length > MAX_BUFFER) {
      this.buffer.splice(0, this.buffer.length - MAX_BUFFER);
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        this.flush();
      }, FLUSH_MS);
    }
  }

  /**
   * Sends the buffered events once the server has said hello on the current socket, in frames the
   * server takes (lib/batches.js: at most 1000 events and 512 KiB each, over-long events cut).
   */
  flush() {
    if (!this.helloSeen || !this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.buffer.length === 0) return;
    for (const events of batches(this.buffer.splice(0))) {
      this.sendRaw({ type: "client.events", events });
    }
  }

  // ---- keeping the worker alive ------------------------------------------------------------------

  startKeepalive() {
    chrome.alarms.create(ALARM, { periodInMinutes: 0.5 });
    if (this.keepalive) return;
    this.keepalive = setInterval(() => {
      // An extension call and some socket traffic keep the service worker from idling out while the
      // person takes their time; if it is stopped anyway, the alarm and resume() bring it back.
      chrome.runtime.getPlatformInfo().catch(() => {});
      if (Date.now() - this.lastSentAt > KEEPALIVE_MS && this.helloSeen) {
        this.sendRaw({ type: "client.events", events: [] });
      }
    }, KEEPALIVE_MS / 2);
  }

  stopKeepalive() {
    clearInterval(this.keepalive);
    this.keepalive = null;
  }

  // ---- overlay and storage -----------------------------------------------------------------------

  /** Draws the overlay for the current state (one render at a time; the latest state wins). */
  async render() {
    if (!this.tab || !this.tab.attached) return;
    if (this.rendering) {
      this.renderAgain = true;
      return this.rendering;
    }
    this.rendering = (async () => {
      do {
        this.renderAgain = false;
        try {
          await this.tab.isolated(renderOverlay, viewOf(this.state));
        } catch {
          // Between two documents: the next load draws it.
        }
      } while (this.renderAgain && this.tab.attached);
    })();
    try {
      await this.rendering;
    } finally {
      this.rendering = null;
    }
  }

  async save() {
    if (this.state && this.state.phase !== "ended") {
      await chrome.storage.session.set({ [KEY]: this.state });
    }
  }
}

/** Only what the overlay and popup show: no code, no token. */
function publicInfo(info) {
  if (!info) return {};
  return { linkId: info.linkId, organization: info.organization, integration: info.integration,
    operations: (info.operations || []).map((o) => ({ resource: o.resource, action: o.action })),
    returnUrl: typeof info.returnUrl === "string" ? info.returnUrl : null };
}

export const STORAGE_KEYS = { session: KEY, last: LAST };
