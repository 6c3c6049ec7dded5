// Issue 7, defect 7: /status and /metrics listed every org id, revision and content hash to
// anyone who could reach the proxy. They now live on a separate ops listener (its own port,
// loopback by default); the public port keeps /healthz and /readyz, which say nothing about
// tenants.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";

describe("operational endpoints", () => {
  const f = useFixture({ policy: { version: "1", default: "allow" } });

  it("serves no tenant data on the public port", async () => {
    for (const path of ["/status", "/metrics"]) {
      const reply = await fetch(`${f.proxy.url}${path}`);
      expect(reply.status, path).toBe(404);
      expect(await reply.text()).not.toContain(f.org.orgId);
    }
    for (const path of ["/healthz", "/readyz"]) {
      const reply = await fetch(`${f.proxy.url}${path}`);
      expect(reply.status, path).toBe(200);
      const body = await reply.text();
      expect(body).not.toContain(f.org.orgId);
      expect(body).not.toMatch(/orgs|revision|contentHash/);
    }
  });

  it("serves /status and /metrics on the ops listener, bound to loopback", async () => {
    expect(f.proxy.opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(f.proxy.opsUrl).not.toBe(f.proxy.url);
    const status = (await (await fetch(`${f.proxy.opsUrl}/status`)).json()) as { orgs: Array<{ orgId: string }> };
    expect(status.orgs.map((o) => o.orgId)).toContain(f.org.orgId);
    expect(await (await fetch(`${f.proxy.opsUrl}/metrics`)).text()).toContain("gatehouse_proxy_bundle_revision");
    expect((await fetch(`${f.proxy.opsUrl}/readyz`)).status).toBe(200);
    // Nor does it answer a rebound name (DNS rebinding from a browser on the operator's machine).
    const ops = new URL(f.proxy.opsUrl);
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ host: ops.hostname, port: ops.port, path: "/status", headers: { host: "evil.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(rebound).toBe(403);
    // The ops listener does not proxy MCP.
    expect((await fetch(`${f.proxy.opsUrl}${f.org.mcpPath}`, { method: "POST" })).status).toBe(404);
  });
});
