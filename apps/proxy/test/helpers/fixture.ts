// One org behind a demo upstream, a test control plane and a proxy, set up in beforeAll and torn
// down in afterAll — the common shape of the hardening tests (test/hardening/*).
import { createRedis } from "@gatehouse/jobs";
import { type DemoUpstream, type DemoUpstreamOptions, startDemoUpstream } from "@gatehouse/demo-upstream";
import type { DecisionEvent } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { ProxyConfig } from "../../src/env.ts";
import type { ProxyHandle } from "../../src/proxy.ts";
import { startTestControlPlane, type TestControlPlane } from "./control-plane.ts";
import { newKey, REDIS_URL, readDecisionEvents, startTestProxy, waitFor } from "./harness.ts";
import { TestOrg, type TestOrgOptions } from "./org.ts";

export type Fixture = {
  key: Buffer;
  upstream: DemoUpstream;
  cp: TestControlPlane;
  proxy: ProxyHandle;
  redis: Redis;
  org: TestOrg;
  /** The proxy URL of the org's server. */
  url: string;
  /** Decision events of this org carrying `requestId`, waiting until at least `atLeast` arrived. */
  eventsOf(requestId: string, atLeast?: number): Promise<DecisionEvent[]>;
};

export type FixtureOptions = Omit<TestOrgOptions, "key" | "upstreamUrl"> & {
  upstream?: DemoUpstreamOptions;
  proxy?: Partial<ProxyConfig>;
  allowPrivateUpstreams?: boolean;
};

export function useFixture(options: FixtureOptions): Fixture {
  const f = { key: newKey() } as Fixture;
  beforeAll(async () => {
    f.upstream = await startDemoUpstream(options.upstream ?? {});
    f.cp = await startTestControlPlane(REDIS_URL);
    f.redis = createRedis(REDIS_URL, "worker");
    f.org = new TestOrg({ ...options, key: f.key, upstreamUrl: f.upstream.url });
    f.cp.put(f.org.bundle());
    f.proxy = await startTestProxy({ controlPlaneUrl: f.cp.url, secret: f.cp.secret, key: f.key, allowPrivateUpstreams: options.allowPrivateUpstreams, overrides: options.proxy });
    f.url = `${f.proxy.url}${f.org.mcpPath}`;
    f.eventsOf = (requestId, atLeast = 1) =>
      waitFor(
        async () => {
          const found = (await readDecisionEvents(f.redis, f.proxy, f.org.orgId)).filter((e) => e.requestId === requestId);
          return found.length >= atLeast ? found : undefined;
        },
        10_000,
        `decision events of ${requestId}`,
      );
  });
  afterAll(async () => {
    await f.proxy?.close();
    await f.cp?.close();
    await f.upstream?.close();
    f.redis?.disconnect();
  });
  return f;
}
