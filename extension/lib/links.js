// Links as the extension meets them: a claim code or an app-clip URL, the Passage server it belongs
// to, and the public /link/* calls (info, claim, decline). The claim code is the only secret here.
import { CONFIG } from "../config.js";

const CODE = /^clm_[0-9a-f-]{36}$/;

/** A failure to show the person as it is: the server's words, or ours. */
export class LinkError extends Error {
  constructor(message, status = 0) {
    super(message);
    this.status = status;
  }
}

/** Whether `origin` (e.g. "http://localhost:8080") is a Passage server this extension trusts. */
export function isTrustedServer(origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (CONFIG.servers.some((s) => new URL(s).origin === url.origin)) {
    return true;
  }
  return CONFIG.trustLoopbackServers && url.protocol === "http:"
    && (url.hostname === "localhost" || url.hostname === "127.0.0.1");
}

/**
 * The server and claim code of what the person pasted or the link page sent: a bare code (claimed at
 * the configured default server) or an app-clip URL `<server>/clip?code=clm_…`.
 */
export function parseLink(text) {
  const value = String(text || "").trim();
  if (CODE.test(value)) {
    return { server: CONFIG.defaultServer.replace(/\/+$/, ""), code: value };
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new LinkError("Paste the link you were given (…/clip?code=clm_…) or its code (clm_…).");
  }
  const code = url.searchParams.get("code") || "";
  if (!CODE.test(code)) {
    throw new LinkError("That address has no link code in it (…/clip?code=clm_…).");
  }
  return { server: serverOf(url), code };
}

/** The Passage server an app-clip URL belongs to: its origin and any base path before /clip. */
export function serverOf(url) {
  const u = new URL(url);
  const path = u.pathname.endsWith("/clip") ? u.pathname.slice(0, -"/clip".length) : "";
  return u.origin + path.replace(/\/+$/, "");
}

/** Refuses servers outside the configuration, before any request is made to them. */
export function requireTrusted(server) {
  if (!isTrustedServer(server)) {
    throw new LinkError(`This extension is not set up for the Passage server at ${new URL(server).origin}.`);
  }
}

async function call(server, method, path, body) {
  requireTrusted(server);
  let response;
  try {
    response = await fetch(server + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new LinkError(`Could not reach Passage at ${new URL(server).origin}.`);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    // The status says enough.
  }
  if (!response.ok) {
    throw new LinkError((json && json.error) || `Passage answered HTTP ${response.status}.`, response.status);
  }
  return json;
}

/** GET /link/info: who asked, for which service, what will be read or written. */
export function fetchInfo(server, code) {
  return call(server, "GET", "/link/info?code=" + encodeURIComponent(code));
}

/** POST /link/claim: {linkId, sessionId, clientToken, websocketUrl, expiresAt}. */
export function claim(server, code) {
  return call(server, "POST", "/link/claim", { code });
}

/** POST /link/decline: the person said no; the link fails with reason user_cancelled. */
export function decline(server, code) {
  return call(server, "POST", "/link/decline", { code });
}
