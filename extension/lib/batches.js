// Telemetry in client.events frames the server takes: at most 1000 events and about 512 KiB each,
// far below its 1 MiB frame limit (a bigger frame closes the socket with 1009). An event too big on
// its own keeps its type and loses the end of its longest strings (a response body first), marked
// `truncated: true`: it is cut, never dropped. The Java runtime does the same (TelemetryBatches).

export const MAX_EVENTS = 1000;
export const MAX_BYTES = 512 * 1024;
/** Bytes of one serialized event, so that a frame always holds at least two. */
export const MAX_EVENT_BYTES = 256 * 1024;
/** {"type":"client.events","events":[…]} around the events, with room to spare. */
const FRAME_OVERHEAD = 64;
const encoder = new TextEncoder();

/** Bytes of `value` serialized. */
export function size(value) {
  return encoder.encode(JSON.stringify(value)).length;
}

function longestString(event) {
  let longest = null;
  let length = 0;
  for (const [key, value] of Object.entries(event)) {
    if (key !== "type" && typeof value === "string" && value.length > length) {
      longest = key;
      length = value.length;
    }
  }
  return longest;
}

/** `event` as it is when it fits in MAX_EVENT_BYTES, else a copy with its longest strings cut. */
export function fit(event) {
  let bytes = size(event);
  if (bytes <= MAX_EVENT_BYTES) {
    return event;
  }
  const copy = { ...event, truncated: true };
  for (let attempt = 0; attempt < 8 && (bytes = size(copy)) > MAX_EVENT_BYTES; attempt++) {
    const field = typeof copy.body === "string" && copy.body.length > 0 ? "body" : longestString(copy);
    if (!field) break;
    const value = copy[field];
    // Each UTF-16 unit takes at least one byte serialized: cutting the overflow in units always makes room.
    let keep = Math.max(0, value.length - (bytes - MAX_EVENT_BYTES) - 16);
    const last = keep > 0 ? value.charCodeAt(keep - 1) : 0;
    if (last >= 0xd800 && last <= 0xdbff) keep--;
    copy[field] = value.slice(0, keep);
  }
  if (size(copy) > MAX_EVENT_BYTES) {
    // Too big in its structure (huge arrays, many fields): what is left says what it was.
    const small = { type: copy.type };
    if ("ts" in copy) small.ts = copy.ts;
    small.truncated = true;
    return small;
  }
  return copy;
}

/** `events` in order, in batches within both limits; over-long events cut to fit. */
export function batches(events) {
  const out = [];
  let batch = [];
  let bytes = FRAME_OVERHEAD;
  for (const raw of events) {
    const event = fit(raw);
    const length = size(event) + 1; // and its comma
    if (batch.length > 0 && (batch.length === MAX_EVENTS || bytes + length > MAX_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = FRAME_OVERHEAD;
    }
    batch.push(event);
    bytes += length;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}
