// Token lifecycle through the real proxy: a rotated token keeps working next to its replacement
// during the grace and is refused after it; a revoked token is refused on the very next call of
// an open MCP session; a disabled identity is refused; and the worker records each token's last
// use from the decision stream.
import { createGrant, createIdentity, createPolicy, createServer, mintToken, revokeToken, rotateToken, updateIdentity } from "@gatehouse/services";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type System, UPSTREAM_HEADER, startSystem, textOf, waitFor } from "./system-harness.ts";

const ALLOW_ALL = { version: "1", default: "allow" };
const EDIT_ARGS = { prompt: "make it blue", image_url: "https://example.com/cat.png", model: "flux-kontext-pro" };

let sys: System;
let serverId: string;
let policyId: string;
let stopWorker: () => Promise<void>;
const clients: Client[] = [];

beforeAll(async () => {
  sys = await startSystem();
  serverId = (await createServer(sys.ctx, { name: "flux", upstreamUrl: sys.upstream.url, upstreamAuth: { headers: { [UPSTREAM_HEADER.name]: UPSTREAM_HEADER.value } } })).id;
  policyId = (await createPolicy(sys.ctx, { serverId, name: "allow-all", document: ALLOW_ALL, publish: true })).policy.id;
  stopWorker = sys.startWorker();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await stopWorker?.();
  await sys?.close();
});

/** An identity with a grant under the allow-all policy and one minted token. */
async function agent(name: string) {
  const identity = await createIdentity(sys.ctx, { name });
  await createGrant(sys.ctx, { identityId: identity.id, serverId, policyId });
  const minted = await mintToken(sys.ctx, { identityId: identity.id });
  await caughtUp();
  return { identity, token: minted.token, plaintext: minted.plaintext };
}

async function caughtUp() {
  const bundle = await sys.db.orgBundle.findUniqueOrThrow({ where: { orgId: sys.org.id } });
  await sys.waitForRevision(bundle.revision);
}

async function connect(token: string) {
  const client = await sys.connectAgent(token, serverId);
  clients.push(client);
  return client;
}

const edit = (client: Client) => client.callTool({ name: "flux_edit_image", arguments: EDIT_ARGS });

/** A fresh `initialize` with this token: the HTTP status the proxy answers. */
async function statusFor(token: string): Promise<number> {
  const res = await fetch(`${sys.proxy.url}/mcp/${serverId}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "probe", version: "1" } } }),
  });
  await res.body?.cancel();
  return res.status;
}

describe("rotation", () => {
  it("accepts the old and the new token during the grace, and only the new one after it", async () => {
    const { token, plaintext: oldToken } = await agent("rotating-agent");
    const oldClient = await connect(oldToken);
    expect((await edit(oldClient)).isError, "before rotation").toBeFalsy();

    const rotated = await rotateToken(sys.ctx, { tokenId: token.id, graceSeconds: 2 });
    await caughtUp();
    const newClient = await connect(rotated.token);
    expect((await edit(newClient)).isError, "new token in the grace").toBeFalsy();
    const inGrace = await edit(oldClient);
    expect(inGrace.isError, textOf(inGrace)).toBeFalsy();

    // No rebuild happens when the grace ends: the proxy checks the deadline the bundle carries.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(rotated.previous.graceUntil ?? 0).getTime() - Date.now() + 50)));
    await expect(edit(oldClient)).rejects.toThrow();
    expect(await statusFor(oldToken)).toBe(401);
    expect((await edit(newClient)).isError, "new token after the grace").toBeFalsy();
  });
});

describe("revocation", () => {
  it("refuses the next call of an open session, and any new one, with 401", async () => {
    const { token, plaintext } = await agent("revoked-agent");
    const client = await connect(plaintext);
    expect((await edit(client)).isError).toBeFalsy();
    const before = sys.upstream.stats().calls.flux_edit_image ?? 0;

    await revokeToken(sys.ctx, { tokenId: token.id });
    await caughtUp();
    await expect(edit(client)).rejects.toThrow();
    expect(await statusFor(plaintext)).toBe(401);
    expect(sys.upstream.stats().calls.flux_edit_image ?? 0).toBe(before);
  });

  it("refuses every token of a disabled identity, and accepts them again once re-enabled", async () => {
    const { identity, plaintext } = await agent("disabled-agent");
    expect(await statusFor(plaintext)).toBe(200);
    await updateIdentity(sys.ctx, { identityId: identity.id, disabled: true });
    await caughtUp();
    expect(await statusFor(plaintext)).not.toBe(200);
    await updateIdentity(sys.ctx, { identityId: identity.id, disabled: false });
    await caughtUp();
    expect(await statusFor(plaintext)).toBe(200);
  });
});

describe("last use", () => {
  it("is recorded on the token that called, from the decision stream, without touching the others", async () => {
    const { identity, token, plaintext } = await agent("busy-agent");
    const idle = await mintToken(sys.ctx, { identityId: identity.id });
    await caughtUp();
    const client = await connect(plaintext);
    const started = Date.now();
    for (let i = 0; i < 5; i++) expect((await edit(client)).isError).toBeFalsy();

    const row = await waitFor(
      () => sys.db.token.findUniqueOrThrow({ where: { id: token.id } }),
      (t) => t.lastUsedAt !== null && t.lastUsedAt.getTime() >= started - 1000,
    );
    expect(row.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect((await sys.db.token.findUniqueOrThrow({ where: { id: idle.token.id } })).lastUsedAt).toBeNull();
  });
});
