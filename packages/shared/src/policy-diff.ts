// A structural diff of two JSON documents (two policy versions, or a draft and the published
// version): every leaf or subtree that was added, removed or changed, with its path written the
// way validation errors write paths (`tools.x.limits[0].max`), so the two read alike. Pure; runs
// in the browser and in the API.
import { formatIssuePath } from "./errors.ts";

export type JsonChange = { path: string; kind: "added" | "removed" | "changed"; before?: unknown; after?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function diffDocuments(before: unknown, after: unknown): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: PropertyKey[], out: JsonChange[]): void {
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) {
      const here = [...path, key];
      if (!(key in b)) out.push({ path: formatIssuePath(here), kind: "removed", before: a[key] });
      else if (!(key in a)) out.push({ path: formatIssuePath(here), kind: "added", after: b[key] });
      else walk(a[key], b[key], here, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i++) {
      const here = [...path, i];
      if (i >= b.length) out.push({ path: formatIssuePath(here), kind: "removed", before: a[i] });
      else if (i >= a.length) out.push({ path: formatIssuePath(here), kind: "added", after: b[i] });
      else walk(a[i], b[i], here, out);
    }
    return;
  }
  if (!sameJson(a, b)) out.push({ path: formatIssuePath(path), kind: "changed", before: a, after: b });
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
