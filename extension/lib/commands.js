// The protocol's Playwright-like commands (SPEC §7), run on the session's one tab with the argument
// and result shapes of the Java device runtime's PageCommands: navigate → {url}, screenshot →
// {mimeType, data}, evaluate → plain JSON, … Waits are bounded by `timeout` (ms, default 15000, at most
// 120000). Errors carry TIMEOUT, PAGE_ERROR, BAD_ARGUMENTS, UNKNOWN_COMMAND, NOT_FOUND or
// ORIGIN_NOT_ALLOWED.
import { CommandError, sleep } from "./tab.js";
import { keyEvents } from "./keys.js";
import { checkNavigation, checkCurrent } from "./origins.js";

export const DEFAULT_TIMEOUT_MS = 15000;
export const MAX_WAIT_MS = 120000;

export const NAMES = ["navigate", "reload", "goBack", "waitForNavigation", "click", "fill", "select", "press",
  "waitForSelector", "getAttribute", "textContent", "innerHTML", "isVisible", "evaluate", "url", "title", "content",
  "screenshot", "waitForNetworkIdle", "waitForTimeout", "updateStatus"];

/** Commands that do not look at the page, so they run whatever origin the tab is on. */
const ANY_ORIGIN = new Set(["navigate", "waitForTimeout", "updateStatus"]);

const LIFECYCLE = { load: "load", domcontentloaded: "DOMContentLoaded", networkidle: "networkIdle", commit: "commit" };

function text(a, field) {
  const v = a[field];
  if (typeof v !== "string") {
    throw new CommandError("BAD_ARGUMENTS", `'${field}' must be a string`);
  }
  return v;
}

function timeoutOf(a) {
  const t = typeof a.timeout === "number" && isFinite(a.timeout) ? a.timeout : DEFAULT_TIMEOUT_MS;
  // 0 means "no timeout" to Playwright; here every wait is bounded.
  return t <= 0 ? MAX_WAIT_MS : Math.min(t, MAX_WAIT_MS);
}

function nthOf(a) {
  return Number.isInteger(a.nth) ? a.nth : null;
}

export class Commands {
  /**
   * @param tab the session's Tab
   * @param policy {allowedOrigins(): string[]}
   * @param status (args) => void: updateStatus shows the overlay and the popup
   */
  constructor(tab, policy, status) {
    this.tab = tab;
    this.policy = policy;
    this.status = status;
  }

  /** Runs `name` with `args`; resolves to the result or throws a CommandError. */
  async run(name, args) {
    const a = args === undefined || args === null ? {} : args;
    if (typeof a !== "object" || Array.isArray(a)) {
      throw new CommandError("BAD_ARGUMENTS", `${name} takes an object of arguments`);
    }
    if (!NAMES.includes(name)) {
      throw new CommandError("UNKNOWN_COMMAND", `Unknown command '${name}'`);
    }
    if (!ANY_ORIGIN.has(name)) {
      checkCurrent(this.tab.url, this.policy.allowedOrigins());
    }
    const started = Date.now();
    const deadline = started + timeoutOf(a);
    try {
      return await this[name](a, deadline);
    } catch (e) {
      if (e instanceof CommandError) throw e;
      throw new CommandError("PAGE_ERROR", `${name} failed: ${(e && e.message) || e}`);
    }
  }

  // ---- navigation ------------------------------------------------------------------------------

  async navigate(a, deadline) {
    const url = checkNavigation(text(a, "url"), this.tab.url, this.policy.allowedOrigins());
    const answer = await this.tab.send("Page.navigate", { url });
    if (answer.errorText && answer.errorText !== "net::ERR_HTTP_RESPONSE_CODE_FAILURE") {
      throw new CommandError("PAGE_ERROR", `navigate failed: ${answer.errorText} at ${url}`);
    }
    await this.awaitState(a, deadline, answer.loaderId, "navigate");
    return { url: this.tab.url };
  }

  async reload(a, deadline) {
    const before = this.tab.lifecycle.loaderId;
    await this.tab.send("Page.reload", {});
    await this.tab.until(() => this.tab.lifecycle.loaderId !== before, deadline);
    await this.awaitState(a, deadline, null, "reload");
    return { url: this.tab.url };
  }

  async goBack(a, deadline) {
    const { currentIndex, entries } = await this.tab.send("Page.getNavigationHistory");
    if (currentIndex <= 0) {
      return { url: this.tab.url };
    }
    const previous = entries[currentIndex - 1];
    const origin = safeOrigin(previous.url);
    if (origin && !this.policy.allowedOrigins().includes(origin)) {
      throw new CommandError("ORIGIN_NOT_ALLOWED", `goBack would leave for ${origin}, which this integration does not use`);
    }
    const before = this.tab.navigations;
    await this.tab.send("Page.navigateToHistoryEntry", { entryId: previous.id });
    await this.tab.until(() => this.tab.navigations !== before, deadline);
    await this.awaitState(a, deadline, null, "goBack");
    return { url: this.tab.url };
  }

  async waitForNavigation(a, deadline) {
    const pattern = typeof a.url === "string" ? a.url : "";
    if (pattern) {
      let regex;
      try {
        regex = new RegExp(pattern);
      } catch {
        throw new CommandError("BAD_ARGUMENTS", `'url' is not a valid regular expression`);
      }
      const ok = await this.tab.until(() => regex.test(this.tab.url) && this.tab.reached("load"), deadline);
      if (!ok) {
        throw new CommandError("TIMEOUT", `waitForNavigation timed out: the URL is ${this.tab.url}, not /${pattern}/`);
      }
    } else {
      await this.awaitState({ waitUntil: "load" }, deadline, null, "waitForNavigation");
    }
    return { url: this.tab.url };
  }

  async awaitState(a, deadline, loaderId, name) {
    const state = LIFECYCLE[String(a.waitUntil || "load").toLowerCase()] || "load";
    const ok = await this.tab.until(() => this.tab.reached(state, loaderId), deadline);
    if (!ok) {
      throw new CommandError("TIMEOUT", `${name} timed out waiting for '${state}' at ${this.tab.url}`);
    }
  }

  // ---- elements --------------------------------------------------------------------------------

  /**
   * Retries `step()` (an answer of pageLib) until it is done or the deadline passes; "missing",
   * "hidden", "disabled", "obscured" and "readonly" are worth waiting for, "error" is not.
   */
  async retry(name, a, deadline, step) {
    let last = { status: "missing" };
    for (;;) {
      last = await step();
      if (last.status === "done" || last.status === "ok" || last.status === "type") return last;
      if (last.status === "error") throw new CommandError("PAGE_ERROR", `${name} failed: ${last.detail}`);
      if (Date.now() >= deadline) break;
      await sleep(last.status === "missing" ? 100 : 50);
    }
    if (last.status === "nooption") throw new CommandError("NOT_FOUND", `${name} failed: ${last.detail}`);
    const why = last.status === "missing" ? `no element matches ${a.selector}` : last.detail;
    throw new CommandError("TIMEOUT", `${name} timed out: ${why}`);
  }

  async click(a, deadline) {
    const selector = text(a, "selector");
    let previous = null;
    const point = await this.retry("click", a, deadline, async () => {
      const p = await this.tab.utility("clickPoint", [selector, nthOf(a)]);
      if (p.status !== "ok") return p;
      // Stable: the same box twice in a row (not mid-animation).
      const same = previous && previous.rect.every((v, i) => Math.abs(v - p.rect[i]) < 0.5);
      previous = p;
      return same ? p : { status: "moving", detail: `${selector} is still moving` };
    });
    await this.mouseClick(point.x, point.y, a);
    await this.tab.settleAfterInput(deadline);
    return null;
  }

  async mouseClick(x, y, a) {
    const button = a.button === "right" ? "right" : a.button === "middle" ? "middle" : "left";
    const count = Number.isInteger(a.clickCount) && a.clickCount > 0 ? a.clickCount : 1;
    await this.tab.send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y, button: "none" });
    for (let i = 1; i <= count; i++) {
      await this.tab.send("Input.dispatchMouseEvent", { type: "mousePressed", x, y, button, buttons: 1, clickCount: i });
      await this.tab.send("Input.dispatchMouseEvent", { type: "mouseReleased", x, y, button, buttons: 0, clickCount: i });
    }
  }

  async fill(a, deadline) {
    const selector = text(a, "selector");
    const value = text(a, "value");
    const prepared = await this.retry("fill", a, deadline,
      () => this.tab.utility("prepareFill", [selector, nthOf(a), value]));
    if (prepared.status === "type") {
      if (value === "") {
        await this.tab.send("Input.dispatchKeyEvent", keyEvents("Delete")[0]);
        await this.tab.send("Input.dispatchKeyEvent", keyEvents("Delete")[1]);
      } else {
        await this.tab.send("Input.insertText", { text: value });
      }
      await this.tab.utility("finishFill", [selector, nthOf(a), value]);
    }
    return null;
  }

  async select(a, deadline) {
    const selector = text(a, "selector");
    let values;
    if (Array.isArray(a.values)) {
      values = a.values.map((v) => String(v));
    } else {
      values = [text(a, "value")];
    }
    const done = await this.retry("select", a, deadline, async () => {
      const r = await this.tab.utility("select", [selector, nthOf(a), values]);
      // An option that is not there yet may still come (options filled by script): wait, then NOT_FOUND.
      if (r.status === "nooption" && Date.now() < deadline) return { ...r, status: "waiting" };
      if (r.status === "nooption") throw new CommandError("NOT_FOUND", `select failed: ${r.detail}`);
      return r;
    });
    return done.values;
  }

  async press(a, deadline) {
    const key = text(a, "key");
    let events;
    try {
      events = keyEvents(key);
    } catch (e) {
      throw new CommandError("BAD_ARGUMENTS", e.message);
    }
    if (a.selector !== undefined && a.selector !== null) {
      const selector = text(a, "selector");
      await this.retry("press", a, deadline, () => this.tab.utility("focus", [selector, nthOf(a)]));
    }
    for (const e of events) {
      await this.tab.send("Input.dispatchKeyEvent", e);
    }
    await this.tab.settleAfterInput(deadline);
    return null;
  }

  async waitForSelector(a, deadline) {
    const selector = text(a, "selector");
    const state = String(a.state || "visible").toLowerCase();
    const wanted = {
      attached: (s) => s.attached,
      detached: (s) => !s.attached,
      hidden: (s) => !s.visible,
      visible: (s) => s.visible,
    }[state] || ((s) => s.visible);
    for (;;) {
      const s = await this.tab.utility("state", [selector, nthOf(a)]);
      if (wanted(s)) {
        // As Playwright: an element for attached/visible, none (false) for detached/hidden.
        return state === "detached" || state === "hidden" ? false : true;
      }
      if (Date.now() >= deadline) {
        throw new CommandError("TIMEOUT", `waitForSelector timed out waiting for ${selector} to be ${state}`);
      }
      await sleep(100);
    }
  }

  async read(name, a, deadline, what, attribute) {
    const selector = text(a, "selector");
    const r = await this.retry(name, a, deadline,
      () => this.tab.utility("read", [selector, nthOf(a), what, attribute]));
    return r.value === undefined ? null : r.value;
  }

  getAttribute(a, deadline) {
    return this.read("getAttribute", a, deadline, "attribute", text(a, "name"));
  }

  textContent(a, deadline) {
    return this.read("textContent", a, deadline, "text");
  }

  innerHTML(a, deadline) {
    return this.read("innerHTML", a, deadline, "html");
  }

  async isVisible(a) {
    const s = await this.tab.utility("state", [text(a, "selector"), null]);
    return s.visible;
  }

  // ---- page ------------------------------------------------------------------------------------

  evaluate(a, deadline) {
    const source = typeof a.expression === "string" ? a.expression : text(a, "script");
    return this.tab.evaluateMain(source, a.arg === undefined ? null : a.arg, deadline);
  }

  url() {
    return this.tab.url;
  }

  title() {
    return this.tab.utility("title", []);
  }

  content() {
    return this.tab.utility("content", []);
  }

  async screenshot(a) {
    const params = { format: "png", fromSurface: true };
    if (a.fullPage === true) {
      const metrics = await this.tab.send("Page.getLayoutMetrics");
      const size = metrics.cssContentSize || metrics.contentSize;
      params.captureBeyondViewport = true;
      params.clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(size.height), scale: 1 };
    }
    const { data } = await this.tab.send("Page.captureScreenshot", params);
    return { mimeType: "image/png", data };
  }

  async waitForNetworkIdle(a, deadline) {
    const ok = await this.tab.until(() => this.tab.reached("networkIdle"), deadline);
    if (!ok) {
      throw new CommandError("TIMEOUT", `waitForNetworkIdle timed out at ${this.tab.url}`);
    }
    return null;
  }

  async waitForTimeout(a) {
    const ms = typeof a.ms === "number" ? a.ms : typeof a.timeout === "number" ? a.timeout : 0;
    if (!(ms >= 0 && ms <= MAX_WAIT_MS)) {
      throw new CommandError("BAD_ARGUMENTS", `waitForTimeout takes ms from 0 to ${MAX_WAIT_MS}`);
    }
    await sleep(ms);
    return null;
  }

  async updateStatus(a) {
    const progress = typeof a.progress === "number" && isFinite(a.progress) ? a.progress : null;
    await this.status({
      heading: typeof a.heading === "string" ? a.heading : "",
      subheading: typeof a.subheading === "string" ? a.subheading : "",
      progress,
    });
    return null;
  }
}

function safeOrigin(url) {
  try {
    const u = new URL(url);
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}
