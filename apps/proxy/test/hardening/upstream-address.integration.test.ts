// Issue 7, defect 9: the proxy's SSRF check missed IPv4-mapped IPv6 in its hex form
// (http://[::ffff:7f00:1]/ reached 127.0.0.1, [::ffff:a9fe:a9fe] is the metadata address), and
// the control plane had a second, different check. One guard (@gatehouse/shared/node
// upstream-address.ts) now judges every dial after DNS; cloud metadata addresses are refused
// in every spelling even where private upstreams are allowed.
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProxyHandle } from "../../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "../helpers/control-plane.ts";
import { newKey, REDIS_URL, startTestProxy } from "../helpers/harness.ts";
import { TestOrg } from "../helpers/org.ts";
import { bearer, post, rpc } from "../helpers/raw.ts";

describe("one SSRF guard at every dial", () => {
  const key = newKey();
  let upstream: DemoUpstream;
  let cp: TestControlPlane;
  let strict: ProxyHandle;
  let lenient: ProxyHandle;

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    cp = await startTestControlPlane(REDIS_URL);
    strict = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, allowPrivateUpstreams: false });
    lenient = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key, allowPrivateUpstreams: true });
  });

  afterAll(async () => {
    await strict?.close();
    await lenient?.close();
    await cp?.close();
    await upstream?.close();
  });

  async function listThrough(proxy: ProxyHandle, upstreamUrl: string) {
    const org = new TestOrg({ key, upstreamUrl, policy: { version: "1", default: "allow" }, server: { connectTimeoutMs: 500 } });
    cp.put(org.bundle());
    await proxy.bundles.refresh(org.orgId);
    const init = rpc(1, "initialize", { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "ssrf-test", version: "1" } });
    return post(`${proxy.url}${org.mcpPath}`, JSON.stringify(init), bearer(org.identities[0]!.token));
  }

  it.each(["[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::ffff:127.0.0.1]", "0x7f.1", "2130706433"])("refuses loopback spelled %s when private upstreams are not allowed", async (host) => {
    upstream.reset();
    const port = new URL(upstream.url).port;
    const reply = await listThrough(strict, `http://${host}:${port}/mcp`);
    expect(reply.status).toBe(502);
    expect(reply.text).toMatch(/private network/);
    expect(upstream.stats().requests).toEqual([]);
  });

  it.each(["169.254.169.254", "[::ffff:a9fe:a9fe]", "[::ffff:169.254.169.254]", "2852039166", "[fd00:ec2::254]", "[64:ff9b::a9fe:a9fe]"])(
    "refuses the cloud metadata address spelled %s even where private upstreams are allowed",
    async (host) => {
      const reply = await listThrough(lenient, `http://${host}/latest/meta-data/`);
      expect(reply.status).toBe(502);
      expect(reply.text).toMatch(/metadata/);
    },
  );

  it("still reaches a private upstream where that is allowed", async () => {
    const reply = await listThrough(lenient, upstream.url);
    expect(reply.status).toBe(200);
  });
});
