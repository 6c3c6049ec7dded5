// Issue 7, defect 1: a batch whose request ids repeat let the upstream's error for one message
// be matched to another — a forwarded tools/call then had its quota released (60 calls ran
// against a 30/minute limit) and a tools/list answered by a tools/call escaped filtering.
// A batch with a repeated id is refused whole (-32600) and nothing of it is forwarded.
import { describe, expect, it } from "vitest";
import { EDIT_ARGS, startOfFreshMinute } from "../helpers/harness.ts";
import { useFixture } from "../helpers/fixture.ts";
import { bearer, messagesOf, openSession, post, rpc } from "../helpers/raw.ts";

const POLICY = {
  version: "1",
  default: "allow",
  hide: ["flux_delete_image"],
  tools: { flux_edit_image: { limits: [{ counter: "edits", window: "minute", max: 3, scope: "grant" }] } },
};

describe("duplicate JSON-RPC ids in a batch", () => {
  const f = useFixture({ policy: POLICY });

  it("refuses the whole batch with -32600 and forwards nothing, so quota cannot be laundered", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    f.upstream.reset();
    for (let i = 0; i < 5; i++) {
      const batch = [rpc("k1", "tools/call", { name: "flux_edit_image", arguments: EDIT_ARGS }), rpc("k1", "no/such")];
      const reply = await post(f.url, JSON.stringify(batch), headers);
      expect(reply.status).toBe(400);
      expect(reply.json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32600 } });
    }
    expect(f.upstream.stats().requests).toHaveLength(0);
    // Number and string ids are different ids: 1 and "1" in one batch are fine.
    const mixed = await post(f.url, JSON.stringify([rpc(1, "ping"), rpc("1", "ping")]), headers);
    expect(mixed.status).toBe(200);
    expect(messagesOf(mixed).map((m) => m.id).sort()).toEqual([1, "1"].sort());
  });

  it("counts every forwarded call against the limit (the counter equals what ran upstream)", async () => {
    await startOfFreshMinute();
    const identity = f.org.addIdentity(`dup-${Date.now()}`, true);
    f.cp.put(f.org.bundle());
    await f.proxy.bundles.refresh(f.org.orgId);
    const headers = await openSession(f.url, identity.token);
    f.upstream.reset();
    for (let i = 0; i < 6; i++) {
      await post(f.url, JSON.stringify([rpc(`a${i}`, "tools/call", { name: "flux_edit_image", arguments: EDIT_ARGS }), rpc(`b${i}`, "no/such")]), headers);
    }
    const ran = f.upstream.stats().calls.flux_edit_image ?? 0;
    expect(ran).toBe(3);
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    const keys = await f.redis.keys(`gatehouse:{rl:${f.org.orgId}}:*${identity.grantId}*:${start}`);
    expect(keys).toHaveLength(1);
    expect(Number(await f.redis.get(keys[0]!))).toBe(ran);
  });

  it("never shows a hidden tool through a tools/list that shares an id with a tools/call", async () => {
    const headers = await openSession(f.url, f.org.identities[0]!.token);
    const reply = await post(f.url, JSON.stringify([rpc(5, "tools/list"), rpc(5, "tools/call", { name: "flux_list_tasks", arguments: {} })]), headers);
    expect(reply.status).toBe(400);
    expect(reply.text).not.toContain("flux_delete_image");
  });

  it("refuses a repeated id even when the repeat is an invalid message", async () => {
    const reply = await post(f.url, JSON.stringify([rpc(7, "ping"), { jsonrpc: "2.0", id: 7, method: 3 }]), bearer(f.org.identities[0]!.token));
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ error: { code: -32600 } });
  });
});
