// `node scripts/build-service.mjs <app dir>`: bundles a Node service (apps/proxy, apps/worker) into
// <app>/dist/main.js with a source map, so production starts it as `node --enable-source-maps
// dist/main.js` — no tsx, no pnpm wrapper process. Workspace packages (@gatehouse/*, TypeScript
// sources) and third-party packages are bundled in, so dist/main.js plus Node is all a machine needs.
import { resolve } from "node:path";
import { build } from "esbuild";

const appDir = resolve(process.argv[2] ?? ".");

const result = await build({
  entryPoints: [resolve(appDir, "src/main.ts")],
  outfile: resolve(appDir, "dist/main.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  // Bundled CommonJS-style code that calls require() still finds Node's.
  banner: { js: "import { createRequire as __gatehouseCreateRequire } from 'node:module'; const require = __gatehouseCreateRequire(import.meta.url);" },
  logLevel: "warning",
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`built ${appDir}/dist/main.js (${(bytes / 1024).toFixed(0)} KiB with map)`);
