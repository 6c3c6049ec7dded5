// Turns stream entries into DecisionEvents. An entry holds a batch of events (field "b") or, from
// an older proxy, one event (field "e"): @gatehouse/jobs decision-entries.ts. What is not an event
// (no such field, not JSON, wrong shape) is rejected with a reason that names fields, never their
// content, and is then acknowledged like the rest: one bad producer must not block the stream
// behind it. One bad event in a batch rejects only that event.
import { decodeDecisionEntry } from "@gatehouse/jobs";
import { DecisionEvent } from "@gatehouse/shared";
import type { StreamEntry } from "./stream.ts";

export type ParsedEntries = {
  events: DecisionEvent[];
  /** `index` is the event's position in a batch entry (absent when the whole entry is unusable). */
  rejected: { streamId: string; index?: number; reason: string }[];
  /** Events each entry held (0 for an unusable one), in entry order. */
  sizes: number[];
};

export function parseEntries(entries: StreamEntry[]): ParsedEntries {
  const parsed: ParsedEntries = { events: [], rejected: [], sizes: [] };
  for (const entry of entries) {
    const decoded = decodeDecisionEntry(entry.fields);
    if (typeof decoded === "string") {
      parsed.rejected.push({ streamId: entry.id, reason: decoded });
      parsed.sizes.push(0);
      continue;
    }
    parsed.sizes.push(decoded.length);
    decoded.forEach((json, index) => {
      const result = DecisionEvent.safeParse(json);
      if (result.success) parsed.events.push(result.data);
      else parsed.rejected.push({ streamId: entry.id, ...(decoded.length > 1 ? { index } : {}), reason: notAnEvent(result.error.issues) });
    });
  }
  return parsed;
}

function notAnEvent(issues: readonly { path: readonly PropertyKey[]; code: string }[]): string {
  return `not a DecisionEvent (${issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.code}`).join(", ")})`;
}
