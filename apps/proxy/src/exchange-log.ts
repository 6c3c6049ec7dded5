// Decision events for one HTTP exchange: one per JSON-RPC message (or one for a GET stream /
// DELETE), completed with upstream status and latencies when the exchange ends, then handed
// to the emitter. Argument values never enter an event in clear: sorted top-level keys and a hash
// do, and for a server with argument capture on, the arguments' JSON encrypted (`argsEnc`).
import { canonicalJson } from "@gatehouse/policy";
import { type DecisionEvent, type DecisionOutcome, newId } from "@gatehouse/shared";
import { sha256Hex } from "@gatehouse/shared/node";
import type { GrantEntry, ServerEntry, TokenEntry } from "./bundle-store.ts";
import type { ProxyMetrics } from "./metrics.ts";

export type Emit = (event: DecisionEvent) => void;

/** Who made the exchange. `grant` is null only for a refusal because there is no grant. */
export type LogContext = { server: ServerEntry; token: TokenEntry; grant: GrantEntry | null };

export type EventDraft = {
  method: string;
  toolName?: string | null;
  args?: Record<string, unknown> | null;
  outcome: DecisionOutcome;
  shadowOutcome?: DecisionOutcome | null;
  rule?: string | null;
  message?: string | null;
  approvalId?: string | null;
  /** `(invalid arguments)`, enforced or shadow: the violating argument paths (never values). */
  violationPaths?: readonly string[] | null;
};

// Same value as @gatehouse/policy's argumentsHash (SHA-256 of the canonical JSON), with node's
// native hash instead of the engine's portable one.
function hashArgs(args: Record<string, unknown>): string | null {
  try {
    return sha256Hex(canonicalJson(args));
  } catch {
    // Nested past the canonical-JSON depth limit: the keys still identify the call shape.
    return null;
  }
}

/** Captured arguments larger than this (JSON characters) are not captured: replay treats the call as uncaptured. */
export const MAX_CAPTURED_ARGS_CHARS = 64 * 1024;

/** The encrypted arguments of a tools/call, or undefined when they are too big to capture. */
export function sealedArguments(seal: (json: string) => string, args: Record<string, unknown>): string | undefined {
  let json: string;
  try {
    json = JSON.stringify(args);
  } catch {
    return undefined;
  }
  return json.length <= MAX_CAPTURED_ARGS_CHARS ? seal(json) : undefined;
}

export class ExchangeLog {
  private readonly events: DecisionEvent[] = [];
  private readonly args = new Map<DecisionEvent, Record<string, unknown>>();
  private finished = false;
  private readonly startedAt: number;

  constructor(
    private readonly ctx: LogContext,
    private readonly requestId: string,
    private readonly arrivedAtMs: number,
    startedPerf: number,
    private readonly emit: Emit,
    private readonly metrics: ProxyMetrics,
  ) {
    this.startedAt = startedPerf;
  }

  /** Adds an event and returns it, so a forwarded tool call can be marked failed later. */
  add(draft: EventDraft): DecisionEvent {
    const { server, token, grant } = this.ctx;
    const args = draft.args ?? null;
    const event: DecisionEvent = {
      id: newId("decision"),
      orgId: server.org.orgId,
      requestId: this.requestId,
      serverId: server.server.id,
      identityId: token.identity.id,
      grantId: grant?.grant.id ?? null,
      tokenPrefix: token.token.prefix,
      method: draft.method,
      toolName: draft.toolName ?? null,
      // Filled in by finish(), after the response is on its way: hashing is not the agent's wait.
      argKeys: [],
      argsHash: null,
      policyId: grant?.policy?.id ?? null,
      policyVersionId: grant?.policy?.versionId ?? null,
      bundleRevision: server.org.bundle.revision,
      outcome: draft.outcome,
      shadowOutcome: draft.shadowOutcome ?? null,
      rule: draft.rule ?? null,
      message: draft.message ?? null,
      approvalId: draft.approvalId ?? null,
      upstreamStatus: null,
      upstreamLatencyMs: null,
      proxyLatencyMs: null,
      at: new Date(this.arrivedAtMs).toISOString(),
    };
    // Set after the literal, not spread into it: a spread makes every event a slow-path clone.
    if (draft.violationPaths && draft.violationPaths.length > 0) event.violationPaths = [...draft.violationPaths];
    this.events.push(event);
    if (args) this.args.set(event, args);
    return event;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** The upstream failed the whole exchange: every allowed message ends as an upstream error. */
  markUpstreamError(message: string): void {
    for (const event of this.events) {
      if (event.outcome !== "allowed") continue;
      event.outcome = "upstream_error";
      event.message = event.message ?? message;
    }
  }

  /**
   * Emits every event once. `overheadMs` is the proxy's own time (before forwarding, or the whole
   * exchange when nothing was forwarded); `upstreamMs` the forwarded part.
   */
  finish(upstreamStatus: number | null, upstreamMs: number | null, overheadMs: number | null): void {
    if (this.finished) return;
    this.finished = true;
    const proxyMs = overheadMs ?? performance.now() - this.startedAt;
    const seal = this.ctx.server.sealArguments;
    for (const event of this.events) {
      const args = this.args.get(event);
      if (args) {
        event.argKeys = Object.keys(args).sort();
        event.argsHash = hashArgs(args);
        // Argument capture (opt-in per server): encrypted here, so no plaintext reaches Redis.
        if (seal && event.method === "tools/call") {
          const sealed = sealedArguments(seal, args);
          if (sealed !== undefined) event.argsEnc = sealed;
        }
      }
      event.upstreamStatus = upstreamStatus;
      event.upstreamLatencyMs = upstreamMs;
      event.proxyLatencyMs = Math.round(proxyMs * 1000) / 1000;
      this.metrics.decisions.inc({ outcome: event.outcome });
      this.emit(event);
    }
  }
}
