// Fans the approvals channel out to the inbox streams of this web process: one Redis subscriber
// per process, however many browsers are open; each stream sees only its own org's events.
import { ApprovalState, createRedis, parseApprovalEvent } from "@gatehouse/jobs";
import type { ApprovalEvent } from "@gatehouse/shared";
type Redis = ReturnType<typeof createRedis>;

export type ApprovalEventHub = {
  subscribe(orgId: string, listener: (event: ApprovalEvent) => void): () => void;
  close(): void;
};

export function createApprovalEventHub(subscriber: Redis, channel: string): ApprovalEventHub {
  const listeners = new Map<string, Set<(event: ApprovalEvent) => void>>();
  let subscribed = false;
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel) return;
    const event = parseApprovalEvent(message);
    if (!event) return;
    for (const listener of listeners.get(event.orgId) ?? []) listener(event);
  });
  return {
    subscribe(orgId, listener) {
      if (!subscribed) {
        subscribed = true;
        subscriber.subscribe(channel).catch(() => {
          subscribed = false;
        });
      }
      const set = listeners.get(orgId) ?? new Set();
      set.add(listener);
      listeners.set(orgId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(orgId);
      };
    },
    close() {
      subscriber.disconnect();
    },
  };
}

let live: { state: ApprovalState; hub: ApprovalEventHub } | null | undefined;

/** The process's approvals state and event hub; null without REDIS_URL (deciding then fails). */
export function liveApprovals(redisUrl: string | undefined): { state: ApprovalState; hub: ApprovalEventHub } | null {
  if (live === undefined) {
    if (!redisUrl) live = null;
    else {
      const state = new ApprovalState(createRedis(redisUrl, "producer"));
      live = { state, hub: createApprovalEventHub(createRedis(redisUrl, "subscriber"), state.channel) };
    }
  }
  return live;
}
