// `pnpm bench:proxy` (second half): bundle propagation — publish a version that flips a decision,
// then call until a call is decided by it. Throughput and CPU are in bench/limit.ts. Prints
// figures; asserts nothing (STYLE.md: speed is measured, not asserted).
//
// Layout (2 cores here): demo upstream and proxy each in their own process, the load generator
// and the stand-in control plane in this one, and a private redis-server so the benchmark's
// limits and decision events never touch the machine's Redis.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { spawnProxy } from "../test/helpers/child-proxy.ts";
import { startTestControlPlane } from "../test/helpers/control-plane.ts";
import { tempDir } from "../test/helpers/harness.ts";
import { TestOrg } from "../test/helpers/org.ts";
import { startPrivateRedis } from "../test/helpers/redis-server.ts";
import { spawnService } from "../test/helpers/spawn.ts";
import { percentile, Session, type Target } from "./load.ts";
import { Pool } from "undici";

const DEMO_DIR = fileURLToPath(new URL("../../demo-upstream", import.meta.url));
const PUBLISHES = 50;

// The called tool has a limit that never triggers and an argument rule that does not match.
const POLICY = {
  version: "1",
  default: "deny",
  hide: ["flux_delete_image"],
  all_tools: { limits: [{ counter: "calls", window: "minute", max: 10_000_000, scope: "grant" }] },
  tools: {
    flux_generate_image: {
      limits: [{ counter: "generations", window: "hour", max: 100_000_000, scope: "grant" }],
      deny_if: [{ conditions: [{ path: "args.prompt", op: "regex", value: "(?i)forbidden|nsfw" }], on_deny: "prompt not allowed" }],
    },
    flux_list_tasks: {},
  },
};

async function main(): Promise<void> {
  const redis = await startPrivateRedis();
  const upstream = await spawnService(DEMO_DIR, "src/main.ts", { DEMO_UPSTREAM_PORT: "0" }, "demo-upstream listening");
  const cp = await startTestControlPlane(redis.url);
  const key = randomBytes(32);
  const org = new TestOrg({ key, upstreamUrl: upstream.url, policy: POLICY });
  cp.put(org.bundle());
  const proxy = await spawnProxy({
    GATEHOUSE_CONTROL_PLANE_URL: cp.url,
    GATEHOUSE_PROXY_SECRET: cp.secret,
    GATEHOUSE_ENCRYPTION_KEY: key.toString("hex"),
    REDIS_URL: redis.url,
    GATEHOUSE_PROXY_STATE_DIR: await tempDir("bench"),
    GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: "1",
    GATEHOUSE_LOG_LEVEL: "info",
  });
  const proxied: Target = { url: `${proxy.url}${org.mcpPath}`, headers: { authorization: `Bearer ${org.identities[0]!.token}` } };

  try {
    // Propagation: publish (store + announce) a new version that flips the decision, then call
    // back to back until a call is decided by it.
    const pool = new Pool(new URL(proxy.url).origin, { connections: 1 });
    const session = await Session.open(pool, proxied);
    const samples: number[] = [];
    let timeouts = 0;
    for (let i = 0; i < PUBLISHES; i++) {
      const deny = i % 2 === 0;
      const tools = deny
        ? { ...POLICY.tools, flux_list_tasks: { deny_if: [{ conditions: [], on_deny: `blocked by publish ${i}` }] } }
        : { ...POLICY.tools, flux_list_tasks: {} };
      org.setPolicyDocument({ ...POLICY, tools });
      const bundle = org.bundle();
      const t0 = performance.now();
      await cp.publish(bundle);
      let seen = false;
      while (performance.now() - t0 < 5000) {
        const { text } = await session.call("flux_list_tasks", { limit: 1 });
        if (text.includes("[POLICY DENIED]") === deny) {
          seen = true;
          break;
        }
      }
      if (seen) samples.push(performance.now() - t0);
      else timeouts++;
    }
    await pool.close();
    samples.sort((a, b) => a - b);
    console.log(`propagation (publish → first call decided by the new version), ${PUBLISHES} publishes:`);
    console.log(`  p50 ${percentile(samples, 50).toFixed(2)} ms  p99 ${percentile(samples, 99).toFixed(2)} ms  max ${(samples.at(-1) ?? Number.NaN).toFixed(2)} ms  timeouts ${timeouts}   (target p99 ≤ 1000 ms)`);
  } finally {
    await proxy.stop();
    await upstream.stop();
    await cp.close();
    await redis.stop();
  }
}

await main();
