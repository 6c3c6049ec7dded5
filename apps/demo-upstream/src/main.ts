// Runs the demo upstream for the product demo and `pnpm start`. Configuration comes from
// DEMO_UPSTREAM_* variables (see env.ts).
import { parseDemoUpstreamEnv } from "./env.ts";
import { startDemoUpstream } from "./start-demo-upstream.ts";

// A bad variable should read as one sentence in the start script's output, not a stack trace.
const options = (() => {
  try {
    return parseDemoUpstreamEnv(process.env);
  } catch (error) {
    console.error(JSON.stringify({ msg: "demo-upstream: invalid DEMO_UPSTREAM_* configuration", error: String(error) }));
    process.exit(1);
  }
})();
const upstream = await startDemoUpstream(options);
console.log(
  JSON.stringify({
    msg: "demo-upstream listening",
    url: upstream.url,
    origin: upstream.origin,
    jsonResponse: options.jsonResponse ?? false,
    stateless: options.stateless ?? false,
    requiredHeader: options.requiredHeader?.name ?? null,
  }),
);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  upstream.close().then(
    () => {
      console.log(JSON.stringify({ msg: "demo-upstream stopped", signal }));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(JSON.stringify({ msg: "demo-upstream close failed", error: String(error) }));
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
