// How decision events travel in the Redis stream (DECISION_STREAM). A proxy writes one entry per
// flush: field "b" holds the JSON array of the events it buffered (up to a few hundred). An entry
// with field "e" holds one event's JSON: how proxies wrote before batching, still read so a stream
// written by an older replica during a rolling deploy is ingested all the same.
//
// One entry per flush instead of one per event: the per-command cost of a pipelined XADD (ioredis
// command object, RESP encoding, Redis's own entry bookkeeping) was paid for every decision; now it
// is paid once per flush, by the proxy, by Redis and by the worker that reads the entries.

/** Field of an entry holding a JSON array of decision events. */
export const DECISION_BATCH_FIELD = "b";
/** Field of an entry holding one decision event's JSON (older proxies). */
export const DECISION_EVENT_FIELD = "e";

/** The XADD field and value for a batch of events. */
export function encodeDecisionBatch(events: readonly unknown[]): [field: string, value: string] {
  return [DECISION_BATCH_FIELD, JSON.stringify(events)];
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
