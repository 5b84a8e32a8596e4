// The one tab a session drives, through chrome.debugger (the Chrome DevTools Protocol): what the page's
// top frame is, its JavaScript contexts and load states, its network and console, and calls into it.
// Telemetry comes from the top frame only: a subframe's emits, console lines and requests are ignored,
// so an iframe cannot report a login that did not happen.
import { pageLib } from "./page-lib.js";

const PROTOCOL = "1.3";
const BINDING = "__passageEmit";
const WORLD = "__passage_utility";
const LIB_SOURCE = pageLib.toString();

/** The shim the injected scripts report through: `window.__passage.emit(event)`, top frame only. */
const SHIM = `(() => {
  if (window !== window.top || window.__passage) return;
  const binding = window.${BINDING};
  const stringify = JSON.stringify;
  if (typeof binding !== "function") return;
  window.__passage = { emit: (e) => { try { binding(stringify(e)); } catch (_) {} } };
})();`;

/** A command that cannot be done, with the protocol's error code. */
export class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const CONTEXT_GONE = /Cannot find context|Execution context was destroyed|Cannot find default execution context|Inspected target navigated|No frame with given id|Frame with the given id was not found/;

export class Tab {
  /**
   * @param tabId the browser tab
   * @param hooks {telemetry(event), navigated(url), loaded(), detached(reason), dialog(params)}
   */
  constructor(tabId, hooks) {
    this.tabId = tabId;
    this.target = { tabId };
    this.hooks = hooks;
    this.mainFrameId = null;
    this.url = "about:blank";
    this.contexts = new Map(); // id -> {frameId, isDefault, name}
    this.utilityContext = null;
    this.lifecycle = { loaderId: null, names: new Set(), loaders: new Set() };
    this.requests = new Map(); // requestId -> method, top frame only
    this.inflight = new Set();
    this.navigations = 0;
    this.waiters = new Set();
    this.attached = false;
  }

  /**
   * Attaches the debugger (or finds it still attached after the service worker restarted), enables
   * what the runtime listens to, and learns the current top frame. Answers whether the attachment is
   * new: a new one needs the document-start scripts added again.
   */
  async attach() {
    let fresh = true;
    try {
      await chrome.debugger.attach(this.target, PROTOCOL);
    } catch (e) {
      // Still ours from before the service worker stopped? Then commands go through.
      try {
        await chrome.debugger.sendCommand(this.target, "Runtime.evaluate", { expression: "0" });
        fresh = false;
      } catch {
        throw new Error("Could not attach to the tab: " + e.message);
      }
    }
    this.attached = true;
    await this.send("Page.enable");
    await this.send("Page.setLifecycleEventsEnabled", { enabled: true });
    await this.send("Network.enable", { maxPostDataSize: 0 });
    // Re-enabling announces the existing contexts again, which a restarted worker has forgotten.
    await this.send("Runtime.disable").catch(() => {});
    await this.send("Runtime.enable");
    await this.send("Runtime.addBinding", { name: BINDING }).catch(() => {});
    await this.send("Emulation.setFocusEmulationEnabled", { enabled: true }).catch(() => {});
    const { frameTree } = await this.send("Page.getFrameTree");
    this.mainFrameId = frameTree.frame.id;
    this.url = frameTree.frame.url + (frameTree.frame.urlFragment || "");
    this.lifecycle.loaderId = frameTree.frame.loaderId;
    this.lifecycle.loaders.add(frameTree.frame.loaderId);
    // A document already there has loaded (or will say so); waits for "load" must not hang on it.
    const ready = await this.utility("readyState", []).catch(() => "complete");
    if (ready === "complete") {
      ["init", "commit", "DOMContentLoaded", "load"].forEach((n) => this.lifecycle.names.add(n));
    } else if (ready === "interactive") {
      ["init", "commit", "DOMContentLoaded"].forEach((n) => this.lifecycle.names.add(n));
    }
    return fresh;
  }

  /** Adds `window.__passage` to every new top-frame document, before any other script. */
  async addShim() {
    await this.send("Page.addScriptToEvaluateOnNewDocument", { source: SHIM });
  }

  /** Adds the server's scripts to every new document (after the shim); answers their identifiers. */
  async addScripts(scripts) {
    const ids = [];
    for (const script of scripts) {
      const { identifier } = await this.send("Page.addScriptToEvaluateOnNewDocument", { source: script.source || "" });
      ids.push(identifier);
    }
    return ids;
  }

  async detach() {
    if (!this.attached) return;
    this.attached = false;
    await chrome.debugger.detach(this.target).catch(() => {});
    this.settle();
  }

  async send(method, params = {}) {
    try {
      return await chrome.debugger.sendCommand(this.target, method, params);
    } catch (e) {
      const message = e && e.message ? e.message : String(e);
      if (/not attached|No tab with given id|Detached while handling/i.test(message)) {
        throw new CommandError("PAGE_ERROR", "The tab is gone or no longer controlled: " + message);
      }
      throw e;
    }
  }

  // ---- events --------------------------------------------------------------------------------

  onEvent(method, params) {
    switch (method) {
      case "Page.frameNavigated": {
        const frame = params.frame;
        if (!frame.parentId) {
          this.mainFrameId = frame.id;
          this.url = frame.url + (frame.urlFragment || "");
          this.utilityContext = null;
          // A page restored from the back-forward cache had loaded before and says nothing more.
          const restored = params.type === "BackForwardCacheRestore";
          this.lifecycle = { loaderId: frame.loaderId, loaders: this.lifecycle.loaders,
            names: new Set(restored ? ["commit", "DOMContentLoaded", "load", "networkIdle"] : ["commit"]) };
          this.lifecycle.loaders.add(frame.loaderId);
          this.navigations++;
          this.hooks.telemetry({ type: "navigation", url: this.url });
          this.hooks.navigated(this.url);
        }
        break;
      }
      case "Page.navigatedWithinDocument":
        if (params.frameId === this.mainFrameId) {
          this.url = params.url;
          this.hooks.telemetry({ type: "navigation", url: this.url });
          this.hooks.navigated(this.url);
        }
        break;
      case "Page.lifecycleEvent":
        if (params.frameId === this.mainFrameId) {
          if (params.name === "init" && params.loaderId !== this.lifecycle.loaderId) {
            this.lifecycle = { loaderId: params.loaderId, names: new Set(), loaders: this.lifecycle.loaders };
            this.lifecycle.loaders.add(params.loaderId);
          }
          if (params.loaderId === this.lifecycle.loaderId) {
            this.lifecycle.names.add(params.name);
            if (params.name === "DOMContentLoaded" || params.name === "load") {
              this.hooks.loaded();
            }
          }
        }
        break;
      case "Page.frameStartedNavigating":
      case "Page.frameRequestedNavigation":
      case "Page.frameScheduledNavigation":
        if (params.frameId === this.mainFrameId) {
          this.navigationStartedAt = Date.now();
        }
        break;
      case "Page.javascriptDialogOpening":
        this.hooks.dialog(params);
        break;
      case "Runtime.executionContextCreated": {
        const c = params.context;
        const aux = c.auxData || {};
        this.contexts.set(c.id, { frameId: aux.frameId, isDefault: !!aux.isDefault, name: c.name });
        if (aux.frameId === this.mainFrameId && c.name === WORLD) {
          this.utilityContext = c.id;
        }
        break;
      }
      case "Runtime.executionContextDestroyed":
        this.contexts.delete(params.executionContextId);
        if (this.utilityContext === params.executionContextId) this.utilityContext = null;
        break;
      case "Runtime.executionContextsCleared":
        this.contexts.clear();
        this.utilityContext = null;
        break;
      case "Runtime.bindingCalled":
        if (params.name === BINDING && this.isTopMainWorld(params.executionContextId)) {
          let event;
          try {
            event = JSON.parse(params.payload);
          } catch {
            break;
          }
          if (event && typeof event === "object" && !Array.isArray(event) && typeof event.type === "string") {
            this.hooks.telemetry(event);
          }
        }
        break;
      case "Runtime.consoleAPICalled":
        if (this.isTopMainWorld(params.executionContextId)) {
          const text = (params.args || []).map((a) => ("value" in a ? (typeof a.value === "string" ? a.value
            : JSON.stringify(a.value)) : a.description || a.type)).join(" ");
          this.hooks.telemetry({ type: "console", level: params.type, text: text.slice(0, 4096) });
        }
        break;
      case "Network.requestWillBeSent":
        if (params.redirectResponse && this.requests.has(params.requestId)) {
          this.response(params.requestId, params.redirectResponse, params.type);
        }
        if (params.frameId === this.mainFrameId) {
          this.requests.set(params.requestId, params.request.method);
        }
        this.inflight.add(params.requestId);
        break;
      case "Network.responseReceived":
        if (this.requests.has(params.requestId) && params.frameId === this.mainFrameId) {
          this.response(params.requestId, params.response, params.type);
        }
        break;
      case "Network.loadingFinished":
      case "Network.loadingFailed":
        this.requests.delete(params.requestId);
        this.inflight.delete(params.requestId);
        break;
      default:
        break;
    }
    this.settle();
  }

  /** A response of the top frame: url, method, status and resource type; never headers or bodies. */
  response(requestId, response, type) {
    if (!/^https?:/.test(response.url)) return;
    this.hooks.telemetry({ type: "network", url: response.url, method: this.requests.get(requestId) || "GET",
      status: response.status, resourceType: String(type || "other").toLowerCase() });
  }

  isTopMainWorld(contextId) {
    const c = this.contexts.get(contextId);
    return !!c && c.isDefault && c.frameId === this.mainFrameId;
  }

  // ---- waiting ---------------------------------------------------------------------------------

  /** Re-checks every waiter (on each event and on a short poll). */
  settle() {
    for (const w of [...this.waiters]) {
      w.check();
    }
  }

  /** Resolves when `predicate()` holds (checked at every event and every 100 ms); null at the deadline. */
  until(predicate, deadline) {
    return new Promise((resolve) => {
      const waiter = {
        check: () => {
          let value;
          try {
            value = predicate();
          } catch {
            value = false;
          }
          if (value || Date.now() >= deadline || !this.attached) {
            this.waiters.delete(waiter);
            clearInterval(waiter.timer);
            resolve(value || null);
          }
        },
      };
      waiter.timer = setInterval(() => waiter.check(), 100);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** The top frame's current document has reached `state` (load, DOMContentLoaded, networkIdle, commit). */
  reached(state, loaderId) {
    const l = this.lifecycle;
    if (loaderId && l.loaderId !== loaderId && !l.loaders.has(loaderId)) return false;
    if (loaderId && l.loaderId === loaderId) return l.names.has(state);
    if (loaderId) return false; // that navigation has not committed yet
    return l.names.has(state);
  }

  /** Waits for a navigation that an input may just have started to commit (as Playwright's actions do). */
  async settleAfterInput(deadline) {
    const before = this.navigations;
    const since = Date.now();
    await sleep(60);
    if (this.navigations !== before) return;
    if (this.navigationStartedAt && this.navigationStartedAt >= since) {
      await this.until(() => this.navigations !== before, Math.min(deadline, Date.now() + 10000));
    }
  }

  // ---- calls into the page -------------------------------------------------------------------

  /** Calls `pageLib()[name](...args)` in the top frame's isolated world; retries once if the document changed. */
  async utility(name, args) {
    for (let attempt = 0; ; attempt++) {
      try {
        const contextId = await this.utilityContextId();
        const { result, exceptionDetails } = await this.send("Runtime.callFunctionOn", {
          functionDeclaration: `function(name, args) { const lib = (${LIB_SOURCE})(); return lib[name](...args); }`,
          executionContextId: contextId,
          arguments: [{ value: name }, { value: args }],
          returnByValue: true,
          awaitPromise: true,
        });
        if (exceptionDetails) {
          const text = exceptionText(exceptionDetails);
          if (text.includes("BAD_SELECTOR: ")) {
            throw new CommandError("BAD_ARGUMENTS", text.slice(text.indexOf("BAD_SELECTOR: ") + 14));
          }
          throw new CommandError("PAGE_ERROR", text);
        }
        return result.value;
      } catch (e) {
        if (attempt < 2 && CONTEXT_GONE.test(e.message || "")) {
          this.utilityContext = null;
          await sleep(50);
          continue;
        }
        throw e;
      }
    }
  }

  /** Runs a function in the top frame with `overlay`-style code of the extension's (isolated world). */
  async isolated(fn, arg) {
    const contextId = await this.utilityContextId();
    const { result, exceptionDetails } = await this.send("Runtime.callFunctionOn", {
      functionDeclaration: fn.toString(),
      executionContextId: contextId,
      arguments: [{ value: arg }],
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionText(exceptionDetails));
    return result.value;
  }

  async utilityContextId() {
    if (this.utilityContext && this.contexts.has(this.utilityContext)) return this.utilityContext;
    const { executionContextId } = await this.send("Page.createIsolatedWorld", {
      frameId: this.mainFrameId, worldName: WORLD, grantUniveralAccess: false });
    this.utilityContext = executionContextId;
    this.contexts.set(executionContextId, { frameId: this.mainFrameId, isDefault: false, name: WORLD });
    return executionContextId;
  }

  /**
   * Evaluates `source` (a function, called with `arg`, or an expression) in the page's own world, as
   * Playwright's page.evaluate does, and answers plain JSON. Embedded in the expression, not passed
   * to eval(): the debugger compiles it, so the page's Content-Security-Policy does not apply.
   */
  async evaluateMain(source, arg, deadline) {
    const expression = `(async (arg) => { const fn = (${source}\n);`
      + ` const value = typeof fn === "function" ? await fn(arg) : await fn;`
      + ` return JSON.stringify(value === undefined ? null : value); })(${JSON.stringify(arg === undefined ? null : arg)})`;
    for (;;) {
      let answer;
      try {
        answer = await this.send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true,
          userGesture: false, replMode: false });
      } catch (e) {
        // Between two documents there is no context yet: wait for the next, as Playwright does.
        if (/Cannot find default execution context|Cannot find context/.test(e.message || "") && Date.now() < deadline) {
          await sleep(100);
          continue;
        }
        throw new CommandError("PAGE_ERROR", "evaluate failed: " + (e.message || e));
      }
      if (answer.exceptionDetails) {
        throw new CommandError("PAGE_ERROR", "evaluate failed: " + exceptionText(answer.exceptionDetails));
      }
      const raw = answer.result.value;
      return raw === undefined || raw === null ? null : JSON.parse(raw);
    }
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function exceptionText(details) {
  const ex = details.exception;
  const text = (ex && (ex.description || ex.value)) || details.text || "error";
  return String(text).split("\n")[0];
}
