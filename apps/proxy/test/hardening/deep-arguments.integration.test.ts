// Issue 7, defect 4: deeply nested arguments in a batch answered 500, leaked the quota the batch's
// earlier call had reserved and logged no decision. Nesting is bounded before evaluation (-32602
// for that message), and every exit path releases what it reserved and logs what it decided.
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";
import { EDIT_ARGS } from "../helpers/harness.ts";
import { messagesOf, openSession, post, rpc } from "../helpers/raw.ts";

const POLICY = {
  version: "1",
  default: "allow",
  tools: {
    flux_edit_image: {
      limits: [{ counter: "edits", window: "minute", max: 100, scope: "grant" }],
      deny_if: [{ conditions: [{ path: "args.prompt", op: "contains", value: "forbidden" }] }],
    },
  },
};

/** `{"a":{"a":…{"a":1}}}`, `depth` objects deep, as text (JSON.stringify of such a value would be fine too). */
function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

function call(id: number, args: string): string {
  return `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"flux_edit_image","arguments":${args}}}`;
}

describe("deeply nested arguments", () => {
  const f = useFixture({ policy: POLICY });

  /** Everything the grant holds, over every window (a minute may turn during the test). */
  async function counterOf(grantId: string): Promise<number> {
    let sum = 0;
    for (const k of await f.redis.keys(`gatehouse:{rl:${f.org.orgId}}:*${grantId}*`)) sum += Number(await f.redis.get(k));
    return sum;
  }

  it.each([2_000, 20_000])("answers -32602 for arguments %i levels deep, keeps the batch's other call and its quota exact", async (depth) => {
    const identity = f.org.addIdentity(`deep-${depth}`, true);
    f.cp.put(f.org.bundle());
    await f.proxy.bundles.refresh(f.org.orgId);
    const headers = await openSession(f.url, identity.token);
    f.upstream.reset();
    const body = `[${JSON.stringify(rpc(1, "tools/call", { name: "flux_edit_image", arguments: EDIT_ARGS }))},${call(2, `{"prompt":"x","deep":${nested(depth)}}`)}]`;
    const reply = await post(f.url, body, headers);
    expect(reply.status).toBe(200);
    const messages = messagesOf(reply);
    expect(messages.find((m) => m.id === 2)).toMatchObject({ error: { code: -32602 } });
    expect(messages.find((m) => m.id === 1)).toHaveProperty("result");
    expect(f.upstream.stats().calls.flux_edit_image).toBe(1);
    expect(await counterOf(identity.grantId)).toBe(1);
    const events = await f.eventsOf(reply.headers.get("x-gatehouse-request-id")!, 2);
    expect(events.map((e) => e.outcome).sort()).toEqual(["allowed", "rejected"]);
  });

  it("answers a lone deep call with -32602 and logs it", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    const reply = await post(f.url, call(3, nested(50_000)), headers);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ id: 3, error: { code: -32602 } });
    expect(f.upstream.stats().requests).toHaveLength(0);
    const events = await f.eventsOf(reply.headers.get("x-gatehouse-request-id")!);
    expect(events[0]).toMatchObject({ method: "tools/call", toolName: "flux_edit_image", outcome: "rejected" });
  });

  it("still evaluates arguments of ordinary depth", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    const reply = await post(f.url, call(4, `{"prompt":"forbidden","deep":${nested(20)}}`), headers);
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain("[POLICY DENIED]");
  });
});
