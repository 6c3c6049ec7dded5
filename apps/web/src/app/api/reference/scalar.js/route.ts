// GET /api/reference/scalar.js — Scalar's standalone API reference bundle, served from our own
// node_modules: the dashboard fetches nothing from other hosts (offline machines, CSP, privacy).
import { readFile } from "node:fs/promises";
import path from "node:path";

const BUNDLE = path.join("node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

let cached: Promise<Buffer> | undefined;

export async function GET(): Promise<Response> {
  // `next start` runs in apps/web, whose node_modules links the package.
  cached ??= readFile(path.join(process.cwd(), BUNDLE));
  try {
    return new Response(new Uint8Array(await cached), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" },
    });
  } catch (error) {
    cached = undefined;
    console.error("[api-reference] Scalar bundle missing", error);
    return new Response("// Scalar bundle missing", { status: 500, headers: { "content-type": "text/javascript" } });
  }
}
