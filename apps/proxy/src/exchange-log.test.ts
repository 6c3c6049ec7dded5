// Argument capture in the decision event: only for a server that captures, only for tools/call,
// only encrypted, and not past the size bound.
import { randomBytes } from "node:crypto";
import type { DecisionEvent, EnforcementBundle } from "@gatehouse/shared";
import { decryptText, encryptText } from "@gatehouse/shared/node";
import { describe, expect, it } from "vitest";
import { BundleStore } from "./bundle-store.ts";
import { ExchangeLog, MAX_CAPTURED_ARGS_CHARS } from "./exchange-log.ts";
import { ProxyMetrics } from "./metrics.ts";

const key = randomBytes(32);
const server = (id: string, capture: boolean) => ({
  id,
  name: id,
  upstreamUrl: "https://upstream.example.com/mcp",
  transport: "streamable_http" as const,
  upstreamAuthEnc: null,
  connectTimeoutMs: 1000,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  maxBodyBytes: 1_000_000,
  enabled: true,
  ...(capture ? { captureArguments: true as const } : {}),
});
const bundle: EnforcementBundle = {
  orgId: "org_a",
  revision: 1,
  contentHash: "x",
  builtAt: new Date().toISOString(),
  servers: [server("srv_capture", true), server("srv_plain", false)],
  identities: [{ id: "idn_a", name: "bot", kind: "agent", labels: {}, disabled: false }],
  tokens: [],
  policies: [],
  grants: [],
};
const store = new BundleStore({ decrypt: (enc) => decryptText(key, enc), encrypt: (text) => encryptText(key, text), allowPrivateUpstreams: false });
store.install(bundle, "etag");
const token = { token: { hash: "0".repeat(64), prefix: "gth_abcdefgh", identityId: "idn_a", expiresAt: null }, identity: bundle.identities[0]!, expiresAtMs: null };

function eventsOf(serverId: string, drafts: Array<{ method: string; args?: Record<string, unknown> }>): DecisionEvent[] {
  const emitted: DecisionEvent[] = [];
  const entry = store.findServer(serverId)!;
  const log = new ExchangeLog({ server: entry, token, grant: null }, "req_1", Date.now(), performance.now(), (e) => emitted.push(e), new ProxyMetrics());
  for (const d of drafts) log.add({ method: d.method, toolName: d.method === "tools/call" ? "flux_edit_image" : null, args: d.args ?? null, outcome: "allowed" });
  log.finish(200, 1, 1);
  return emitted;
}

describe("argument capture in decision events", () => {
  const args = { prompt: "secret prompt", model: "flux-kontext-max" };

  it("seals a tools/call's arguments for a server that captures; the event holds no plaintext", () => {
    const [event] = eventsOf("srv_capture", [{ method: "tools/call", args }]);
    expect(event?.argsEnc).toMatch(/^v1\./);
    expect(JSON.stringify(event)).not.toContain("secret prompt");
    expect(JSON.parse(decryptText(key, event?.argsEnc ?? ""))).toEqual(args);
    expect(event?.argKeys).toEqual(["model", "prompt"]);
  });

  it("captures nothing for a server without capture, nor for other methods", () => {
    expect(eventsOf("srv_plain", [{ method: "tools/call", args }])[0]).not.toHaveProperty("argsEnc");
    expect(eventsOf("srv_capture", [{ method: "prompts/get", args }])[0]).not.toHaveProperty("argsEnc");
  });

  it("leaves out arguments larger than the bound (the call replays as uncaptured)", () => {
    const [event] = eventsOf("srv_capture", [{ method: "tools/call", args: { blob: "x".repeat(MAX_CAPTURED_ARGS_CHARS) } }]);
    expect(event).not.toHaveProperty("argsEnc");
    expect(event?.argKeys).toEqual(["blob"]);
  });
});
