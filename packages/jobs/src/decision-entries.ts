// How decision events travel in the Redis stream (DECISION_STREAM). A proxy writes one entry per
// flush: field "b" holds the JSON array of the events it buffered (up to a few hundred). An entry
// with field "e" holds one event's JSON: how proxies wrote before batching, still read so a stream
// written by an older replica during a rolling deploy is ingested all the same.
//
// One entry per flush instead of one per event: the per-command cost of a pipelined XADD (ioredis
// command object, RESP encoding, Redis's own entry bookkeeping) was paid for every decision; now it
// is paid once per flush, by the proxy, by Redis and by the worker that reads the entries.

/** Field of an entry holding a JSON array of decision events. */
const DECISION_BATCH_FIELD = "b";
/** Field of an entry holding one decision event's JSON (older proxies). */
const DECISION_EVENT_FIELD = "e";

/** An entry's size bound: above it a flush is split (a lone bigger event gets an entry of its own). */
export const MAX_DECISION_ENTRY_CHARS = 1024 * 1024;

/**
 * The XADD fields and values for a flush of events: one entry, or several when the events' JSON
 * passes `maxChars`. Without a bound an agent sending huge argument objects (argument keys travel
 * in the event; a server may accept 64 MiB bodies) could make one flush's entry pass Redis's bulk
 * limit, and that entry, failing again on every retry, would hold back every tenant's events.
 */
export function encodeDecisionEntries(events: readonly unknown[], maxChars = MAX_DECISION_ENTRY_CHARS): [field: string, value: string][] {
  const entries: [string, string][] = [];
  let parts: string[] = [];
  let chars = 2;
  for (const event of events) {
    const json = JSON.stringify(event);
    if (parts.length > 0 && chars + json.length + 1 > maxChars) {
      entries.push([DECISION_BATCH_FIELD, `[${parts.join(",")}]`]);
      parts = [];
      chars = 2;
    }
    parts.push(json);
    chars += json.length + 1;
  }
  if (parts.length > 0) entries.push([DECISION_BATCH_FIELD, `[${parts.join(",")}]`]);
  return entries;
}

/**
 * The events an entry holds (not yet validated: the reader checks each one), or why it holds
 * none. Reasons name fields, never content.
 */
export function decodeDecisionEntry(fields: readonly string[] | null): unknown[] | string {
  if (fields === null) return "entry deleted before it was read";
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    if (name !== DECISION_BATCH_FIELD && name !== DECISION_EVENT_FIELD) continue;
    let json: unknown;
    try {
      json = JSON.parse(fields[i + 1] as string);
    } catch {
      return "not JSON";
    }
    if (name === DECISION_EVENT_FIELD) return [json];
    return Array.isArray(json) ? json : `"${DECISION_BATCH_FIELD}" is not a JSON array`;
  }
  return `no "${DECISION_BATCH_FIELD}" or "${DECISION_EVENT_FIELD}" field`;
}
