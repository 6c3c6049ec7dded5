// The Redis Stream side of ingestion: the consumer group, reading, reclaiming and acknowledging.
// Replies are parsed by hand (ioredis types stream replies loosely); RESP2 shapes are documented
// at each command.
import type { Redis } from "ioredis";

export type StreamRef = { key: string; group: string };
/** One stream entry. `fields` is null when the entry was deleted while still pending. */
export type StreamEntry = { id: string; fields: string[] | null };

/** Creates the consumer group (and the stream) unless it exists. New groups start at the beginning. */
export async function ensureGroup(redis: Redis, stream: StreamRef): Promise<void> {
  try {
    await redis.call("XGROUP", ["CREATE", stream.key, stream.group, "0", "MKSTREAM"]);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes("BUSYGROUP"))) throw error;
  }
}

/**
 * XREADGROUP. `from` is ">" for entries never delivered to anyone, or "0" for this consumer's own
 * pending entries (delivered before, not acknowledged: left by a crash or an outage).
 * Reply: null, or per stream its key and `[[id, [field, value, …] | null], …]` — nested
 * `[[key, entries]]` in RESP2, a map flattened to `[key, entries]` in RESP3 (ioredis 6's default).
 */
export async function readGroup(redis: Redis, stream: StreamRef, consumer: string, from: ">" | "0", count: number, blockMs: number | null): Promise<StreamEntry[]> {
  const block = blockMs === null ? [] : ["BLOCK", blockMs];
  const reply = await redis.call("XREADGROUP", ["GROUP", stream.group, consumer, "COUNT", count, ...block, "STREAMS", stream.key, from]);
  return entriesOfStream(reply, stream.key);
}

function entriesOfStream(reply: unknown, key: string): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  if (typeof reply[0] === "string") {
    for (let i = 0; i + 1 < reply.length; i += 2) if (reply[i] === key) return parseEntries(reply[i + 1]);
    return [];
  }
  const pair = reply.find((item): item is unknown[] => Array.isArray(item) && item[0] === key);
  return pair ? parseEntries(pair[1]) : [];
}

/**
 * XAUTOCLAIM: takes over entries another consumer received but has not acknowledged for
 * `minIdleMs` (it died, or its database is unreachable). Reply: [nextCursor, entries, deletedIds].
 */
export async function claimStale(redis: Redis, stream: StreamRef, consumer: string, minIdleMs: number, cursor: string, count: number): Promise<{ entries: StreamEntry[]; cursor: string }> {
  const reply = await redis.call("XAUTOCLAIM", [stream.key, stream.group, consumer, minIdleMs, cursor, "COUNT", count]);
  if (!Array.isArray(reply)) return { entries: [], cursor: "0-0" };
  return { cursor: typeof reply[0] === "string" ? reply[0] : "0-0", entries: parseEntries(reply[1]) };
}

/** Acknowledges and deletes in one MULTI, so a stored entry never lingers for another delivery. */
export async function ackAndDelete(redis: Redis, stream: StreamRef, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const results = await redis.multi().xack(stream.key, stream.group, ...ids).xdel(stream.key, ...ids).exec();
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}

function parseEntries(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  const entries: StreamEntry[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || typeof item[0] !== "string") continue;
    const fields = Array.isArray(item[1]) ? item[1].map((f: unknown) => String(f)) : null;
    entries.push({ id: item[0], fields });
  }
  return entries;
}
