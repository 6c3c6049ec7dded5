// A limit is a limit under concurrency too. The proxy sends the reservations of one event-loop turn
// to Redis as one script run (limiter.ts), so this fires a burst at once — single calls,
// batches, and the refusals an attacker with a valid token would mix in (batches with a repeated
// id, tools/call as a notification, a made-up session, another identity's session) — and checks
// against a recording upstream that exactly `max` calls ran, the counter says so, and nothing of
// a refused request arrived.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ProxyStack, startProxyStack } from "../helpers/proxy-stack.ts";
import { bearer, messagesOf, openSession, post } from "../helpers/raw.ts";
import { type RecordingUpstream, startRecordingUpstream } from "../helpers/recording-upstream.ts";

const MAX = 30;
let upstream: RecordingUpstream;
let stack: ProxyStack;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  const policy = { version: "1", default: "allow", tools: { flux_edit_image: { limits: [{ counter: "edits", window: "hour", max: MAX, scope: "grant" }] } } };
  stack = await startProxyStack({ upstreamUrl: upstream.url, policy, identities: 2 });
});

afterAll(async () => {
  await stack?.close();
  await upstream?.close();
});

const call = (id: number | null, tag: string) => ({
  jsonrpc: "2.0",
  ...(id === null ? {} : { id }),
  method: "tools/call",
  params: { name: "flux_edit_image", arguments: { prompt: "x", tag } },
});

it(`lets exactly ${MAX} of a concurrent burst through and nothing of the refused requests`, async () => {
  const { url, org, redis } = stack;
  const [owner, other] = org.identities as [(typeof org.identities)[0], (typeof org.identities)[0]];
  const session = await openSession(url, owner.token);
  const otherHeaders = { ...bearer(other.token), "mcp-protocol-version": "2025-06-18" };
  let id = 1;
  const requests: Array<{ kind: string; reply: ReturnType<typeof post> }> = [];
  for (let i = 0; i < 40; i++) requests.push({ kind: "single", reply: post(url, JSON.stringify(call(id++, "ok")), session) });
  for (let i = 0; i < 20; i++) requests.push({ kind: "batch", reply: post(url, JSON.stringify([call(id++, "ok"), call(id++, "ok"), call(id++, "ok")]), session) });
  for (let i = 0; i < 10; i++) {
    const repeated = id++;
    requests.push({ kind: "repeated-id", reply: post(url, JSON.stringify([call(repeated, "refused"), call(repeated, "refused")]), session) });
    requests.push({ kind: "notification", reply: post(url, JSON.stringify(call(null, "refused")), session) });
    requests.push({ kind: "made-up-session", reply: post(url, JSON.stringify(call(id++, "refused")), { ...session, "mcp-session-id": `made-up-${i}` }) });
    requests.push({ kind: "others-session", reply: post(url, JSON.stringify(call(id++, "refused")), { ...otherHeaders, "mcp-session-id": session["mcp-session-id"] as string }) });
  }
  const replies = await Promise.all(requests.map(async (r) => ({ kind: r.kind, reply: await r.reply })));

  // Upstream: exactly MAX edits ran, none of them from a refused request, none without an id.
  const edits = upstream.received.map((r) => r.message as { id?: unknown; method?: string; params?: { arguments?: { tag?: string } } }).filter((m) => m?.method === "tools/call");
  expect(edits).toHaveLength(MAX);
  expect(edits.every((m) => m.params?.arguments?.tag === "ok" && m.id !== undefined)).toBe(true);
  // Redis holds the same count.
  const keys = await redis.keys(`gatehouse:{rl:${org.orgId}}:*${owner.grantId}*`);
  let counted = 0;
  for (const k of keys) counted += Number(await redis.get(k));
  expect(counted).toBe(MAX);

  // The allowed single calls and batch elements: MAX results, the rest refused as rate_limited.
  const answers = replies.filter((r) => r.kind === "single" || r.kind === "batch").flatMap((r) => messagesOf(r.reply));
  expect(answers).toHaveLength(100);
  const limited = answers.filter((m) => JSON.stringify(m).includes("rate_limited"));
  expect(answers.length - limited.length).toBe(MAX);
  // Each refused request got a clear refusal, not a forward.
  for (const r of replies.filter((x) => x.kind === "repeated-id")) {
    expect(r.reply.status).toBe(400);
    expect(r.reply.text).toContain("occurs more than once");
  }
  for (const r of replies.filter((x) => x.kind === "made-up-session" || x.kind === "others-session")) expect(r.reply.status).toBe(404);
  for (const r of replies.filter((x) => x.kind === "notification")) {
    expect(r.reply.status).toBe(400);
    expect(messagesOf(r.reply)[0]).toMatchObject({ id: null, error: { code: -32600 } });
  }
}, 30_000);
