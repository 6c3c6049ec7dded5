// One org's bundle served by a stand-in control plane, a proxy enforcing it, and a Redis
// connection for reading counters and the decision stream: the setup most proxy tests share.
import { createRedis } from "@gatehouse/jobs";
import type { Redis } from "ioredis";
import type { ProxyHandle } from "../../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "./control-plane.ts";
import { newKey, REDIS_URL, startTestProxy, type TestProxyOptions } from "./harness.ts";
import { TestOrg, type TestOrgOptions } from "./org.ts";

export type ProxyStack = {
  /** The encryption key shared by the bundle and the proxy (a second proxy or org needs it too). */
  key: Buffer;
  cp: TestControlPlane;
  proxy: ProxyHandle;
  /** Connected to the proxy's Redis. */
  redis: Redis;
  org: TestOrg;
  /** The org's server on this proxy: `${proxy.url}${org.mcpPath}`. */
  url: string;
  close(): Promise<void>;
};

export type ProxyStackOptions = Omit<TestOrgOptions, "key"> & {
  /** A key of the test's own, for a bundle field the test encrypts itself; a new one otherwise. */
  key?: Buffer;
  /** Proxy settings beyond the test defaults (poll interval, private upstreams, its Redis, config overrides). */
  proxy?: Omit<TestProxyOptions, "controlPlaneUrl" | "secret" | "key">;
};

export async function startProxyStack({ key = newKey(), proxy: proxyOptions, ...orgOptions }: ProxyStackOptions): Promise<ProxyStack> {
  const cp = await startTestControlPlane(REDIS_URL);
  const redis = createRedis(proxyOptions?.redisUrl ?? REDIS_URL, "worker");
  const org = new TestOrg({ ...orgOptions, key });
  cp.put(org.bundle());
  const proxy = await startTestProxy({ ...proxyOptions, controlPlaneUrl: cp.url, secret: cp.secret, key });
  return {
    key,
    cp,
    proxy,
    redis,
    org,
    url: `${proxy.url}${org.mcpPath}`,
    async close() {
      await proxy.close();
      await cp.close();
      redis.disconnect();
    },
  };
}
