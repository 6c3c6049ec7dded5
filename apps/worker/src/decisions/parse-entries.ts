// Turns stream entries into DecisionEvents. An entry that is not one (no "e" field, not JSON,
// wrong shape) is rejected with a reason that names fields, never their content, and is then
// acknowledged like the rest: one bad producer must not block the stream behind it.
import { DecisionEvent } from "@gatehouse/shared";
import type { StreamEntry } from "./stream.ts";

export type ParsedEntries = {
  events: DecisionEvent[];
  rejected: { streamId: string; reason: string }[];
};

const EVENT_FIELD = "e";

export function parseEntries(entries: StreamEntry[]): ParsedEntries {
  const parsed: ParsedEntries = { events: [], rejected: [] };
  for (const entry of entries) {
    const result = parseEntry(entry);
    if (typeof result === "string") parsed.rejected.push({ streamId: entry.id, reason: result });
    else parsed.events.push(result);
  }
  return parsed;
}

function parseEntry(entry: StreamEntry): DecisionEvent | string {
  if (entry.fields === null) return "entry deleted before it was read";
  const raw = fieldValue(entry.fields, EVENT_FIELD);
  if (raw === undefined) return `no "${EVENT_FIELD}" field`;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return "not JSON";
  }
  const result = DecisionEvent.safeParse(json);
  if (!result.success) return `not a DecisionEvent (${result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.code}`).join(", ")})`;
  return result.data;
}

/** Fields come as [name, value, name, value, …]. */
function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
