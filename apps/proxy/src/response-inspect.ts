// What the proxy looks for in upstream responses as they pass: the result of every forwarded
// tools/call (a failure gives its quota back) and every tools/list result (hidden tools are
// removed before the agent sees them). Works on one JSON-RPC message at a time, so JSON bodies
// and SSE events share it.
import { type CompiledPolicy, filterToolsList } from "@gatehouse/policy";
import type { DecisionEvent } from "@gatehouse/shared";
import { idKey, isObject, type JsonObject, type JsonRpcId } from "./jsonrpc.ts";
import type { HeldQuota, Limiter } from "./limiter.ts";
import { type ToolDrift, keepAcceptedTools } from "./tool-pins.ts";
import type { BundleServer } from "@gatehouse/shared";

export type PendingCall = { id: JsonRpcId; event: DecisionEvent; held: HeldQuota | null };

export class ResponseTracker {
  private readonly toolLists = new Set<string>();
  private readonly calls = new Map<string, PendingCall>();
  /** Every forwarded request still waiting for its response (any method). */
  private readonly awaiting = new Set<string>();
  private expectedAny = false;

  /**
   * `filterUntracked`: also filter results that look like tools/list without having seen the
   * request — for GET streams, where a resumed POST stream can replay a tools/list result.
   */
  constructor(
    private readonly plan: CompiledPolicy | null,
    private readonly limiter: Limiter,
    private readonly filterUntracked: boolean,
    /** The server's tool pins and this process's drift memory: changed tools are dropped too. */
    private readonly pins: { server: BundleServer; drift: ToolDrift } | null = null,
  ) {}

  /** A forwarded request whose response ends this exchange once every such one has arrived. */
  expectResponse(id: JsonRpcId): void {
    this.awaiting.add(idKey(id));
    this.expectedAny = true;
  }

  /** Some forwarded request awaits a response (false for a bare GET stream). */
  get expecting(): boolean {
    return this.expectedAny;
  }

  /**
   * Every forwarded request has its response. MCP servers close the stream after the last
   * response; ending the client's response right here saves it waiting for that close.
   */
  get complete(): boolean {
    return this.expectedAny && this.awaiting.size === 0;
  }

  trackToolsList(id: JsonRpcId): void {
    this.toolLists.add(idKey(id));
  }

  trackCall(call: PendingCall): void {
    this.calls.set(idKey(call.id), call);
  }

  /** Forwarded tool calls whose result has not been seen yet. */
  get pendingIds(): JsonRpcId[] {
    return [...this.calls.values()].map((c) => c.id);
  }

  get active(): boolean {
    return this.toolLists.size > 0 || this.calls.size > 0 || this.filterUntracked;
  }

  /** The message to send instead of `message`, or null to pass it through unchanged. */
  inspect(message: unknown): unknown | null {
    if (Array.isArray(message)) {
      let changed = false;
      const out = message.map((m) => {
        const replaced = this.inspectOne(m);
        if (replaced === null) return m;
        changed = true;
        return replaced;
      });
      return changed ? out : null;
    }
    return this.inspectOne(message);
  }

  /** Gives back the quota of every call still waiting for its result (the upstream failed or went away). */
  failPending(reason: string): void {
    for (const call of this.calls.values()) this.fail(call, reason);
    this.calls.clear();
  }

  private inspectOne(message: unknown): unknown | null {
    if (!isObject(message) || !("result" in message || "error" in message)) return null;
    const id = message.id;
    if (typeof id !== "string" && typeof id !== "number") return null;
    const key = idKey(id);
    this.awaiting.delete(key);
    const call = this.calls.get(key);
    if (call) {
      this.calls.delete(key);
      if ("error" in message) this.fail(call, "the upstream answered with a JSON-RPC error");
      else if (isObject(message.result) && message.result.isError === true) this.fail(call, "the upstream tool result has isError: true");
      return null;
    }
    const tracked = this.toolLists.delete(key);
    if (!tracked && !(this.filterUntracked && looksLikeToolsList(message.result))) return null;
    return this.filtered(message);
  }

  private filtered(message: JsonObject): JsonObject | null {
    const result = message.result;
    if (!isObject(result) || !Array.isArray(result.tools)) return null;
    const tools = result.tools.filter((t): t is { name: string } => isObject(t) && typeof t.name === "string");
    // Drift is judged on what the upstream listed, before policy or pins hide anything.
    this.pins?.drift.report(this.pins.server, tools);
    const allowed = filterToolsList(this.plan, tools);
    const kept = this.pins ? keepAcceptedTools(this.pins.server, allowed, this.pins.drift) : allowed;
    // Keep everything else in the result (nextCursor, _meta) exactly as the upstream sent it.
    return { ...message, result: { ...result, tools: kept } };
  }

  private fail(call: PendingCall, reason: string): void {
    if (call.held) this.limiter.release(call.held);
    call.event.outcome = "upstream_error";
    call.event.message = call.held ? `${reason}; its quota was released` : reason;
  }
}

function looksLikeToolsList(result: unknown): boolean {
  return isObject(result) && Array.isArray(result.tools) && !("content" in result);
}
