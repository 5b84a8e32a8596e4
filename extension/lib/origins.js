// Where the automation may act: only the origins the integration declares (the server's
// `allowedOrigins` in server.hello), only over http(s). file:, chrome:, data:, javascript: and every
// other scheme are always refused; a server that sends no list gets no navigation at all.
import { CommandError } from "./tab.js";

/** The origin of `url` when it is http(s), else null. */
export function httpOrigin(url) {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.origin : null;
  } catch {
    return null;
  }
}

/** The allowed origins as given, normalised ("http://127.0.0.1:41873"); junk is dropped. */
export function normaliseOrigins(list) {
  return (Array.isArray(list) ? list : []).map(httpOrigin).filter(Boolean);
}

/**
 * The absolute URL a navigate may go to, or a refusal: relative URLs resolve against the current page,
 * and the result must be http(s) on an allowed origin.
 */
export function checkNavigation(raw, currentUrl, allowed) {
  let url;
  try {
    url = new URL(raw, /^https?:/.test(currentUrl) ? currentUrl : undefined);
  } catch {
    throw new CommandError("BAD_ARGUMENTS", `'url' must be an absolute http(s) URL, not '${raw}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CommandError("ORIGIN_NOT_ALLOWED", `${url.protocol} URLs are never opened`);
  }
  if (!allowed.includes(url.origin)) {
    throw new CommandError("ORIGIN_NOT_ALLOWED", `${url.origin} is not one of this integration's origins`);
  }
  return url.href;
}

/** Refuses a command that would look at or act on a page outside the allowed origins. */
export function checkCurrent(currentUrl, allowed) {
  if (currentUrl === "about:blank") {
    return; // Nothing is loaded yet: nothing to read.
  }
  const origin = httpOrigin(currentUrl);
  if (!origin || !allowed.includes(origin)) {
    throw new CommandError("ORIGIN_NOT_ALLOWED",
      `The tab is on ${origin || currentUrl.split(/[?#]/)[0]}, which is not one of this integration's origins`);
  }
}
