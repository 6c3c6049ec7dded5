// One org behind a demo upstream, a test control plane and a proxy, set up in beforeAll and torn
// down in afterAll — the common shape of the hardening tests (test/hardening/*). The control
// plane, org and proxy are a startProxyStack; this adds the upstream and the vitest hooks.
import { type DemoUpstream, type DemoUpstreamOptions, startDemoUpstream } from "@gatehouse/demo-upstream";
import type { DecisionEvent } from "@gatehouse/shared";
import type { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import type { ProxyConfig } from "../../src/env.ts";
import type { ProxyHandle } from "../../src/proxy.ts";
import type { TestControlPlane } from "./control-plane.ts";
import { newKey, readDecisionEvents, waitFor } from "./harness.ts";
import type { TestOrg, TestOrgOptions } from "./org.ts";
import { type ProxyStack, startProxyStack } from "./proxy-stack.ts";

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
  const { upstream: upstreamOptions, proxy: overrides, allowPrivateUpstreams, ...orgOptions } = options;
  const f = { key: newKey() } as Fixture;
  let stack: ProxyStack | undefined;
  beforeAll(async () => {
    f.upstream = await startDemoUpstream(upstreamOptions ?? {});
    stack = await startProxyStack({ ...orgOptions, key: f.key, upstreamUrl: f.upstream.url, proxy: { allowPrivateUpstreams, overrides } });
    ({ cp: f.cp, proxy: f.proxy, redis: f.redis, org: f.org, url: f.url } = stack);
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
    await stack?.close();
    await f.upstream?.close();
  });
  return f;
}
