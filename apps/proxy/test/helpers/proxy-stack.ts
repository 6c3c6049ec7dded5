// One org's bundle served by a stand-in control plane, a proxy enforcing it, and a Redis
// connection for reading counters and the decision stream: the setup most proxy tests share.
import { createRedis } from "@gatehouse/jobs";
import type { Redis } from "ioredis";
import type { ProxyHandle } from "../../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "./control-plane.ts";
import { newKey, REDIS_URL, startTestProxy } from "./harness.ts";
import { TestOrg, type TestOrgOptions } from "./org.ts";

export type ProxyStack = {
  cp: TestControlPlane;
  proxy: ProxyHandle;
  redis: Redis;
  org: TestOrg;
  /** The org's server on this proxy: `${proxy.url}${org.mcpPath}`. */
  url: string;
  close(): Promise<void>;
};

export async function startProxyStack(options: Omit<TestOrgOptions, "key">): Promise<ProxyStack> {
  const key = newKey();
  const cp = await startTestControlPlane(REDIS_URL);
  const redis = createRedis(REDIS_URL, "worker");
  const org = new TestOrg({ ...options, key });
  cp.put(org.bundle());
  const proxy = await startTestProxy({ controlPlaneUrl: cp.url, secret: cp.secret, key });
  return {
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
