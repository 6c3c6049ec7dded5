// Issue 7: generated attacks against the real proxy, Redis and a recording upstream. fast-check
// builds sequences of HTTP requests — single messages and batches mixing allowed, denied, hidden
// and rate-limited tool calls, notifications, unknown and mis-cased methods, duplicate and
// odd-typed ids, deep and wide arguments, garbage, and session ids of other identities — sends
// them one at a time (so everything the upstream receives is attributable to one request), and
// checks after each run:
// - no call the policy refuses is ever recorded by the upstream, and nothing of a request with a
//   repeated id or another identity's session reaches it at all;
// - only exact MCP methods reach the upstream, and tools/call only with an id;
// - tools/list never shows a hidden tool;
// - the Redis counters equal the number of limited calls the upstream received;
// - every request produced its decision events (one per message, or one for a request refused
//   whole);
// - no 5xx.
// Bounded and seeded: GATEHOUSE_FC_SEED / GATEHOUSE_FC_RUNS reproduce or widen a run; on failure
// fast-check prints the seed and the shrunk counterexample.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EDIT_ARGS, readDecisionEvents, streamCursor, waitFor } from "../helpers/harness.ts";
import type { TestIdentity } from "../helpers/org.ts";
import { type ProxyStack, startProxyStack } from "../helpers/proxy-stack.ts";
import { bearer, messagesOf, openSession, post } from "../helpers/raw.ts";
import { RECORDING_TOOLS, type ReceivedMessage, type RecordingUpstream, startRecordingUpstream } from "../helpers/recording-upstream.ts";

const HIDDEN = "flux_delete_image";
const POLICY = {
  version: "1",
  default: "allow",
  hide: [HIDDEN],
  tools: {
    flux_cancel_task: { action: "deny", reason: "Cancelling is for humans." },
    flux_generate_image: { deny_if: [{ conditions: [{ path: "args.width", op: "gt", value: 1024 }] }] },
    flux_edit_image: { limits: [{ counter: "edits", window: "hour", max: 3, scope: "grant" }] },
  },
};
const SPEC_METHODS = new Set([
  "initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
  "resources/unsubscribe", "prompts/list", "prompts/get", "logging/setLevel", "completion/complete",
  "notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed",
]);
const MAX_DEPTH = 64;

const SEED = process.env.GATEHOUSE_FC_SEED ? Number(process.env.GATEHOUSE_FC_SEED) : Date.now() % 2 ** 31;
const RUNS = process.env.GATEHOUSE_FC_RUNS ? Number(process.env.GATEHOUSE_FC_RUNS) : 25;

// ---- what the attacker sends -------------------------------------------------------------

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A small pool, so ids repeat often; some are not valid JSON-RPC ids at all. */
const idArb = fc.constantFrom<unknown>(1, 2, 3, "1", "a", "b", 1.5, 0, 1e21, null, true, {}, []);

const toolParamsArb = fc
  .record({
    tool: fc.constantFrom(...RECORDING_TOOLS, "Flux_Edit_Image", ""),
    width: fc.constantFrom(512, 1024, 1025, 4096),
    depth: fc.constantFrom(0, 0, 0, 2, 70, 3000),
    wide: fc.constantFrom(0, 0, 500),
  })
  .map(({ tool, width, depth, wide }) => {
    const args: Record<string, unknown> = { ...(tool === "flux_edit_image" ? EDIT_ARGS : {}), width };
    if (depth > 0) args.deep = nested(depth);
    for (let i = 0; i < wide; i++) args[`k${i}`] = i;
    return { name: tool, arguments: args };
  });

const messageArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: idArb, params: toolParamsArb }).map(({ id, params }) => ({ jsonrpc: "2.0", id, method: "tools/call", params })) },
  { weight: 2, arbitrary: idArb.map((id) => ({ jsonrpc: "2.0", id, method: "tools/list" })) },
  // tools/call as a notification
  { weight: 1, arbitrary: toolParamsArb.map((params) => ({ jsonrpc: "2.0", method: "tools/call", params })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ id: idArb, method: fc.constantFrom("Tools/Call", "tools/call ", "TOOLS/LIST", "tools/call\u0000", "no/such", "notifications/initialized", "ping", "tasks/list"), params: toolParamsArb })
      .map(({ id, method, params }) => ({ jsonrpc: "2.0", id, method, params })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } },
      { jsonrpc: "2.0", method: "notifications/whatever" },
      { jsonrpc: "2.0", method: "Notifications/Initialized" },
    ),
  },
  { weight: 1, arbitrary: idArb.map((id) => ({ jsonrpc: "2.0", id, result: {} })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(42, "x", null, [], { jsonrpc: "1.0", id: 1, method: "ping" }, { jsonrpc: "2.0", id: 1, method: 5 }, { jsonrpc: "2.0", id: 2, method: "tools/call", params: "x" }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }).map((method) => ({ jsonrpc: "2.0", id: 9, method })) },
);

type Attack = { http: "POST" | "GET" | "DELETE"; body: string; session: "own" | "other" | "made-up" | "none"; sender: 0 | 1 };

const attackArb: fc.Arbitrary<Attack> = fc.record({
  // GET and DELETE only with a session that is not the sender's: taking over or ending another
  // identity's session (an own GET would open a stream that never ends).
  http: fc.constantFrom("POST", "POST", "POST", "POST", "GET", "DELETE"),
  body: fc.oneof(
    { weight: 4, arbitrary: messageArb.map((m) => JSON.stringify(m)) },
    { weight: 4, arbitrary: fc.array(messageArb, { minLength: 1, maxLength: 8 }).map((a) => JSON.stringify(a)) },
    { weight: 1, arbitrary: fc.constantFrom("{", "[]", "", "[1,", "null") },
  ),
  session: fc.constantFrom("own", "own", "own", "other", "made-up", "none"),
  sender: fc.constantFrom(0, 0, 1),
}).map((a) => (a.http !== "POST" && (a.session === "own" || a.session === "none") ? { ...a, session: "other" as const } : a));

// ---- the oracle ----------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string | number => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [unknown, number];
    if (d > max) max = d;
    if (typeof node === "object" && node !== null) for (const child of Object.values(node)) if (typeof child === "object" && child !== null) stack.push([child, d + 1]);
  }
  return max;
}

function hasRepeatedRequestId(elements: unknown[]): boolean {
  const seen = new Set<string>();
  for (const e of elements) {
    if (!isObject(e) || !("method" in e) || !isId(e.id)) continue;
    const key = `${typeof e.id}:${e.id}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** Why the policy (or the protocol rules) must have kept `message` from the upstream, or null. */
function mustNotArrive(message: unknown): string | null {
  if (!isObject(message)) return "not a JSON-RPC object";
  if (!("method" in message)) return null; // a client response to a server request
  if (typeof message.method !== "string" || !SPEC_METHODS.has(message.method)) return `method ${JSON.stringify(message.method)} is not an MCP method`;
  if (depthOf(message.params) > MAX_DEPTH) return "params nested too deep";
  if (message.method !== "tools/call") return null;
  if (!isId(message.id)) return "tools/call without a usable id";
  const params = message.params as { name?: unknown; arguments?: Record<string, unknown> };
  if (params.name === HIDDEN) return "hidden tool";
  if (params.name === "flux_cancel_task") return "denied tool";
  if (params.name === "flux_generate_image" && Number(params.arguments?.width) > 1024) return "denied by deny_if";
  return null;
}

/** Decision events one request must produce: one per message, or one for a request refused whole. */
function expectedEvents(attack: Attack, sessionRefused: boolean): number {
  if (sessionRefused || attack.http !== "POST") return 1;
  let parsed: unknown;
  try {
    parsed = JSON.parse(attack.body);
  } catch {
    return 1;
  }
  if (!Array.isArray(parsed)) return 1;
  if (parsed.length === 0 || hasRepeatedRequestId(parsed)) return 1;
  return parsed.length;
}

/** GET or DELETE; a GET that were let through would be an endless stream, so only its head is read. */
async function sendGetOrDelete(url: string, method: "GET" | "DELETE", headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(url, { method, headers: { ...headers, accept: "text/event-stream" }, signal: abort.signal });
  const text = res.status === 200 && method === "GET" ? "" : await res.text();
  abort.abort();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// ---- the test --------------------------------------------------------------------------------

describe("generated attacks", () => {
  let upstream: RecordingUpstream;
  let stack: ProxyStack;

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    stack = await startProxyStack({ upstreamUrl: upstream.url, policy: POLICY, identities: 0 });
  });

  afterAll(async () => {
    await stack?.close();
    await upstream?.close();
  });

  async function counterSum(identities: TestIdentity[]): Promise<number> {
    let sum = 0;
    for (const identity of identities) {
      for (const k of await stack.redis.keys(`gatehouse:{rl:${stack.org.orgId}}:*${identity.grantId}*`)) sum += Number(await stack.redis.get(k));
    }
    return sum;
  }

  it(`keeps every invariant over ${RUNS} generated runs (seed ${SEED})`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(attackArb, { minLength: 1, maxLength: 12 }), async (attacks) => {
        run += 1;
        const since = streamCursor();
        // Fresh identities (so fresh grants and counters) for every run.
        const identities = [stack.org.addIdentity(`fc-${run}-a`, true), stack.org.addIdentity(`fc-${run}-b`, true)] as [TestIdentity, TestIdentity];
        stack.cp.put(stack.org.bundle());
        await stack.proxy.bundles.refresh(stack.org.orgId);
        const sessions = [await openSession(stack.url, identities[0].token), await openSession(stack.url, identities[1].token)];
        let editsReceived = 0;
        const requests: Array<{ requestId: string; expected: number }> = [];

        for (const attack of attacks) {
          const sender = identities[attack.sender];
          const headers: Record<string, string> = { ...bearer(sender.token), "mcp-protocol-version": "2025-06-18" };
          const ownSession = sessions[attack.sender]!["mcp-session-id"]!;
          const otherSession = sessions[1 - attack.sender]!["mcp-session-id"]!;
          if (attack.session === "own") headers["mcp-session-id"] = ownSession;
          if (attack.session === "other") headers["mcp-session-id"] = otherSession;
          if (attack.session === "made-up") headers["mcp-session-id"] = `made-up-${run}`;
          const before = upstream.received.length;
          const reply = attack.http === "POST" ? await post(stack.url, attack.body, headers) : await sendGetOrDelete(stack.url, attack.http, headers);
          const arrived: ReceivedMessage[] = upstream.received.slice(before);

          expect(reply.status, `${reply.status} for ${attack.body.slice(0, 200)}`).toBeLessThan(500);
          const sessionRefused = attack.session === "other" || attack.session === "made-up";
          if (sessionRefused) {
            expect(reply.status).toBe(404);
            expect(arrived).toEqual([]);
          }
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(attack.body);
          } catch {
            if (attack.http === "POST") expect(arrived).toEqual([]);
          }
          if (Array.isArray(parsed) && hasRepeatedRequestId(parsed)) expect(arrived).toEqual([]);
          for (const { message } of arrived) {
            const why = mustNotArrive(message);
            expect(why, `reached the upstream: ${JSON.stringify(message).slice(0, 300)}`).toBeNull();
            if (isObject(message) && message.method === "tools/call" && (message.params as { name?: unknown }).name === "flux_edit_image") editsReceived += 1;
          }
          if (reply.text !== "" && reply.json !== null) {
            for (const m of messagesOf(reply)) {
              const tools = isObject(m) && isObject(m.result) ? m.result.tools : undefined;
              if (Array.isArray(tools)) expect(tools.map((t) => (t as { name: string }).name)).not.toContain(HIDDEN);
            }
          }
          const requestId = reply.headers.get("x-gatehouse-request-id");
          expect(requestId).toBeTruthy();
          requests.push({ requestId: requestId as string, expected: expectedEvents(attack, sessionRefused) });
        }

        // Limits: what the upstream ran is exactly what the counters hold.
        expect(await counterSum(identities)).toBe(editsReceived);
        expect(editsReceived).toBeLessThanOrEqual(3 * identities.length);

        // Decision events: every request, with one event per message.
        const wanted = new Map(requests.map((r) => [r.requestId, r.expected]));
        const counts = await waitFor(
          async () => {
            const events = await readDecisionEvents(stack.redis, stack.proxy, stack.org.orgId, since);
            const n = new Map<string, number>();
            for (const e of events) if (wanted.has(e.requestId)) n.set(e.requestId, (n.get(e.requestId) ?? 0) + 1);
            return [...wanted].every(([id, expected]) => (n.get(id) ?? 0) >= expected) ? n : undefined;
          },
          15_000,
          "decision events of every request",
        ).catch(() => undefined);
        const events = await readDecisionEvents(stack.redis, stack.proxy, stack.org.orgId, since);
        const got = new Map<string, number>();
        for (const e of events) if (wanted.has(e.requestId)) got.set(e.requestId, (got.get(e.requestId) ?? 0) + 1);
        for (const [id, expected] of wanted) expect(got.get(id) ?? 0, `decision events of ${id}`).toBe(expected);
        expect(counts).toBeDefined();
      }),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true },
    );
  }, 120_000);
});
