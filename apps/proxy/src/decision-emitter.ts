// Decision events go to the Redis stream in batches, off the request path: emit() only pushes
// to an array. A timer (or a full batch) flushes them as one stream entry holding the batch
// (@gatehouse/jobs decision-entries.ts; more than one only past 1 MiB of JSON): one XADD per
// flush, not one per event. The timer is
// 100 ms, not less: each flush wakes Redis and then the worker, whose batch becomes one Postgres
// insert, so at a few thousand calls/s a 20 ms timer cost the worker and Postgres (on the same
// cores as the proxy) several times the CPU per call of bigger batches; 100 ms is still far
// below what a person watching the live log can notice. While Redis
// is down events wait in a bounded buffer; past its bound the oldest are dropped and counted
// (gatehouse_proxy_decision_events_dropped_total) rather than growing memory without limit.
import type { DecisionEvent } from "@gatehouse/shared";
import { encodeDecisionEntries } from "@gatehouse/jobs";
import type { Redis } from "ioredis";
import { errorMessage, type Logger } from "@gatehouse/shared/node";
import type { ProxyMetrics } from "./metrics.ts";

const FLUSH_INTERVAL_MS = 100;
const MAX_BATCH = 500;
const RETRY_BACKOFF_MS = 500;

export class DecisionEmitter {
  private buffer: DecisionEvent[] = [];
  private flushing = false;
  private timer: NodeJS.Timeout | null = null;
  private pausedUntil = 0;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly streamKey: string,
    private readonly maxBuffer: number,
    private readonly metrics: ProxyMetrics,
    private readonly logger: Logger,
  ) {}

  /** Bound once, so callers can pass `emitter.emit` along without a per-request bind. */
  readonly emit = (event: DecisionEvent): void => {
    this.buffer.push(event);
    this.dropOverflow();
    if (this.buffer.length >= MAX_BATCH && !this.flushing && !this.closed && this.pausedUntil <= Date.now()) this.flushNow();
    else this.schedule();
  };

  /** Past the bound the oldest events go, counted, rather than memory growing without limit. */
  private dropOverflow(): void {
    const excess = this.buffer.length - this.maxBuffer;
    if (excess <= 0) return;
    this.buffer.splice(0, excess);
    this.metrics.eventsDropped.inc({}, excess);
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Flushes what is buffered (best effort, bounded by `timeoutMs`), then stops. */
  async close(timeoutMs = 2000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const deadline = Date.now() + timeoutMs;
    while (this.buffer.length > 0 && Date.now() < deadline) {
      this.pausedUntil = 0;
      if (!(await this.flush())) await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** A full batch does not wait for the timer. */
  private flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    void this.flush().then(() => {
      if (this.buffer.length > 0) this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(FLUSH_INTERVAL_MS, this.pausedUntil - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => {
        if (this.buffer.length > 0) this.schedule();
      });
    }, wait);
    this.timer.unref();
  }

  /** Returns false when Redis refused the batch (it is put back in front). */
  private async flush(): Promise<boolean> {
    if (this.flushing || this.buffer.length === 0) return true;
    this.flushing = true;
    const batch = this.buffer.splice(0, MAX_BATCH);
    try {
      const pipeline = this.redis.pipeline();
      for (const [field, value] of encodeDecisionEntries(batch)) pipeline.xadd(this.streamKey, "*", field, value);
      const results = await pipeline.exec();
      const failed = (results ?? []).findIndex(([err]) => err !== null);
      if (results === null || failed !== -1) throw results?.[failed]?.[0] ?? new Error("pipeline aborted");
      this.metrics.eventsEmitted.inc({}, batch.length);
      return true;
    } catch (error) {
      // A failed XADD (or one whose answer was lost) re-sends the whole batch, entries already
      // written included: the worker is idempotent on the decision id, so a duplicate costs
      // nothing and a loss is impossible.
      this.buffer.unshift(...batch);
      this.dropOverflow();
      this.metrics.redisErrors.inc({ op: "decision_events" });
      this.pausedUntil = Date.now() + RETRY_BACKOFF_MS;
      this.logger.warn("decision events not written; will retry", { error: errorMessage(error), buffered: this.buffer.length });
      return false;
    } finally {
      this.flushing = false;
    }
  }
}
