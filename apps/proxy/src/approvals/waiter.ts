// Wakes held requests when their approval is decided. One subscription per proxy process on the
// approvals channel; each held request registers the approval id it waits for. A message only
// says "look again": the request then re-reads the live state in Redis (claim), so a lost or
// duplicated message can delay a release by one tick at most, never release twice.
import { parseApprovalEvent } from "@gatehouse/jobs";
import type { ApprovalEvent } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import type { Logger } from "@gatehouse/shared/node";
import { errorMessage } from "@gatehouse/shared/node";

export type Wake = {
  /** Resolves after `ms`, or as soon as the approval has news (at once if news came meanwhile). */
  next(ms: number, signal: AbortSignal): Promise<void>;
  close(): void;
};

type Entry = { news: boolean; wake: (() => void) | null };

export class ApprovalWaiter {
  private readonly waiting = new Map<string, Set<Entry>>();
  private readonly listeners = new Set<(event: ApprovalEvent) => void>();
  private ready: Promise<void>;

  constructor(
    subscriber: Redis,
    channel: string,
    private readonly logger: Logger,
  ) {
    subscriber.on("message", (from: string, message: string) => {
      if (from !== channel) return;
      const event = parseApprovalEvent(message);
      if (!event) return;
      for (const listener of this.listeners) listener(event);
      for (const entry of this.waiting.get(event.approvalId) ?? []) {
        entry.news = true;
        entry.wake?.();
      }
    });
    this.ready = subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => this.logger.warn("approvals channel not subscribed; held calls fall back to polling", { error: errorMessage(error) }),
    );
  }

  /** Resolves once the subscription is in place (or failed and was logged). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  get size(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }

  /** Every approval event of every org, for work no held request owns (approval tasks). */
  onEvent(listener: (event: ApprovalEvent) => void): void {
    this.listeners.add(listener);
  }

  watch(approvalId: string): Wake {
    const entry: Entry = { news: false, wake: null };
    let set = this.waiting.get(approvalId);
    if (!set) {
      set = new Set();
      this.waiting.set(approvalId, set);
    }
    set.add(entry);
    return {
      next: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (entry.news || signal.aborted || ms <= 0) {
            entry.news = false;
            return resolve();
          }
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            entry.wake = null;
            entry.news = false;
            resolve();
          };
          const timer = setTimeout(done, ms);
          signal.addEventListener("abort", done, { once: true });
          entry.wake = done;
        }),
      close: () => {
        entry.wake?.();
        set.delete(entry);
        if (set.size === 0) this.waiting.delete(approvalId);
      },
    };
  }
}
