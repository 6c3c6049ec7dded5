// Prometheus text exposition, hand-rolled: a dozen series do not justify prom-client's registry
// and its per-observation label hashing on the hot path. Label values here come from small
// closed sets (outcomes, statuses, org ids), never from request data.
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

interface Metric {
  render(): string;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  // Rendering label sets is per call site constant work; memoise it by the raw values.
  private readonly keys = new Map<string, string>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    let raw = "";
    for (const k in labels) raw += `${k}=${labels[k]}\u0000`;
    let key = this.keys.get(raw);
    if (key === undefined) {
      key = labelKey(labels);
      if (this.keys.size < 10_000) this.keys.set(raw, key);
    }
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${key} ${value}`);
    return lines.join("\n");
  }
}

export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly collect: () => Array<[Labels, number]>,
  ) {}
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [labels, value] of this.collect()) lines.push(`${this.name}${labelKey(labels)} ${value}`);
    return lines.join("\n");
  }
}

export class Histogram implements Metric {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= (this.buckets[i] as number)) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return;
      }
    }
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    let cumulative = 0;
    this.buckets.forEach((le, i) => {
      cumulative += this.counts[i] as number;
      lines.push(`${this.name}_bucket{le="${le}"} ${cumulative}`);
    });
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join("\n");
  }
}

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ProxyMetrics {
  readonly requests = new Counter("gatehouse_proxy_requests_total", "HTTP requests to /mcp by method and status.");
  readonly decisions = new Counter("gatehouse_proxy_decisions_total", "Decisions by outcome (one per JSON-RPC message).");
  readonly upstreamLatency = new Histogram("gatehouse_proxy_upstream_latency_seconds", "Time from forwarding to the upstream's response headers.", LATENCY_BUCKETS);
  readonly overhead = new Histogram("gatehouse_proxy_overhead_seconds", "Time spent in the proxy before forwarding (auth, evaluation, reservation).", LATENCY_BUCKETS);
  readonly redisErrors = new Counter("gatehouse_proxy_redis_errors_total", "Failed Redis operations by operation.");
  readonly bundleErrors = new Counter("gatehouse_proxy_bundle_errors_total", "Bundle fetches or installs that failed, by stage.");
  readonly eventsEmitted = new Counter("gatehouse_proxy_decision_events_emitted_total", "Decision events written to the Redis stream.");
  readonly driftReports = new Counter("gatehouse_proxy_tool_drift_reports_total", "Tool-drift reports sent to the control plane, by result (ok, failed).");
  readonly eventsDropped = new Counter("gatehouse_proxy_decision_events_dropped_total", "Decision events dropped because the in-memory buffer was full.");
  private readonly extra: Metric[] = [];

  addGauge(name: string, help: string, collect: () => Array<[Labels, number]>): void {
    this.extra.push(new Gauge(name, help, collect));
  }

  render(): string {
    const all: Metric[] = [
      this.requests,
      this.decisions,
      this.upstreamLatency,
      this.overhead,
      this.redisErrors,
      this.bundleErrors,
      this.eventsEmitted,
      this.eventsDropped,
      this.driftReports,
      ...this.extra,
    ];
    return `${all.map((m) => m.render()).join("\n")}\n`;
  }
}
