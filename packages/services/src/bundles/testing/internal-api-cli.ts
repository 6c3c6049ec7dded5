// Runs the internal bundles API alone, for tests that need a control plane they can stop and
// start as a process (the proxy's fault tests) without booting Next:
//   DATABASE_URL=… GATEHOUSE_PROXY_SECRET=… PORT=4310 tsx packages/services/src/bundles/testing/internal-api-cli.ts
// Prints one JSON line `{"url": …}` once listening; exits on SIGTERM/SIGINT.
import { serveInternalBundlesApi } from "./serve-internal-api.ts";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const served = await serveInternalBundlesApi({
  databaseUrl: required("DATABASE_URL"),
  proxySecret: required("GATEHOUSE_PROXY_SECRET"),
  port: Number(process.env.PORT ?? 0),
});
console.log(JSON.stringify({ url: served.url }));

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void served.close().finally(() => process.exit(0));
  });
}
