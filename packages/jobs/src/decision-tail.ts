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

/** Give it a producer connection (never the worker's blocking one). Errors are reported, not thrown. */
export function createDecisionTailPublisher(redis: Redis, onError: (error: unknown) => void = () => {}): DecisionTailPublisher {
  return {
    async publish(events) {
      const byOrg = new Map<string, DecisionEvent[]>();
      for (const event of events) {
        const list = byOrg.get(event.orgId);
        if (list) list.push(event);
        else byOrg.set(event.orgId, [event]);
      }
      try {
        await Promise.all(
          [...byOrg].map(([orgId, orgEvents]) =>
            redis.publish(decisionTailChannel(orgId), JSON.stringify({ events: orgEvents.slice(-TAIL_MAX_EVENTS_PER_MESSAGE) })),
          ),
        );
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
