// The live tail of the decision log: after the worker has stored a batch, it publishes the batch's
// events on one pub/sub channel per org; the dashboard's SSE route subscribes to its org's channel.
// Published after the insert, so every row a tail shows can be opened and is in the list.
// Pub/sub is fire-and-forget by design: a tail that is not listening misses nothing it needs, the
// rows are in Postgres.
import { DecisionEvent } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { z } from "zod";
import { decisionTailChannel } from "./keys.ts";

/** A human watches the tail: per org and batch, only the newest events are sent. */
export const TAIL_MAX_EVENTS_PER_MESSAGE = 200;

const TailMessage = z.object({ events: z.array(DecisionEvent) });

export type DecisionTailPublisher = { publish(events: DecisionEvent[]): Promise<void> };

/**
 * Give it a producer connection (never the worker's blocking one). Errors are reported, not thrown.
 * Publishes only to orgs someone is watching (`PUBSUB NUMSUB`, one round trip per batch):
 * serializing every batch for channels nobody listens to was most of the publisher's cost, and
 * most orgs have no tail open most of the time. A tail that opens between the count and the
 * publish starts with the next batch, as it would had it opened a moment later. (NUMSUB counts the
 * subscribers of the Redis it asks: right for the one Redis Gatehouse runs on; on Cluster the tail
 * would move to sharded pub/sub, whose SHARDNUMSUB is exact for the org's hash slot.)
 */
export function createDecisionTailPublisher(redis: Redis, onError: (error: unknown) => void = () => {}): DecisionTailPublisher {
  return {
    async publish(events) {
      const byChannel = new Map<string, DecisionEvent[]>();
      for (const event of events) {
        const channel = decisionTailChannel(event.orgId);
        const list = byChannel.get(channel);
        if (list) list.push(event);
        else byChannel.set(channel, [event]);
      }
      if (byChannel.size === 0) return;
      try {
        const counts = (await redis.pubsub("NUMSUB", ...byChannel.keys())) as (string | number)[];
        const watched: Promise<unknown>[] = [];
        for (let i = 0; i + 1 < counts.length; i += 2) {
          const orgEvents = byChannel.get(String(counts[i]));
          if (orgEvents && Number(counts[i + 1]) > 0) {
            watched.push(redis.publish(String(counts[i]), JSON.stringify({ events: orgEvents.slice(-TAIL_MAX_EVENTS_PER_MESSAGE) })));
          }
        }
        await Promise.all(watched);
      } catch (error) {
        onError(error);
      }
    },
  };
}

export type DecisionTail = {
  /** Calls `onEvents` with each batch of the org's events until the returned function is called. */
  subscribe(orgId: string, onEvents: (events: DecisionEvent[]) => void): Promise<() => void>;
  close(): void;
};

/**
 * One subscriber connection per process shared by every open tail: a channel is subscribed while
 * at least one listener wants it (many dashboard tabs of one org cost one subscription).
 */
export function createDecisionTail(subscriber: Redis): DecisionTail {
  const listeners = new Map<string, Set<(events: DecisionEvent[]) => void>>();
  subscriber.on("message", (channel: string, message: string) => {
    const set = listeners.get(channel);
    if (!set || set.size === 0) return;
    const events = parseTailMessage(message);
    if (events) for (const listener of set) listener(events);
  });
  return {
    async subscribe(orgId, onEvents) {
      const channel = decisionTailChannel(orgId);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(onEvents);
      if (set.size === 1) await subscriber.subscribe(channel);
      return () => {
        const current = listeners.get(channel);
        if (!current?.delete(onEvents) || current.size > 0) return;
        listeners.delete(channel);
        void subscriber.unsubscribe(channel).catch(() => {});
      };
    },
    close() {
      listeners.clear();
      subscriber.disconnect();
    },
  };
}

function parseTailMessage(message: string): DecisionEvent[] | null {
  try {
    const parsed = TailMessage.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data.events : null;
  } catch {
    return null;
  }
}
