import type { EvalContext } from "./types.ts";
import { type ParsedPath, type PathSegment, WILDCARD } from "./path.ts";

/** Sentinel for "the path does not resolve"; distinct from a present null. */
export const MISSING: unique symbol = Symbol("missing");
export type Resolved = unknown | typeof MISSING;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Own properties only: `args.constructor` must not reach Object.prototype. */
export function resolveArgs(args: unknown, segments: readonly PathSegment[]): Resolved {
  let node = args;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    if (typeof seg === "string") {
      if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, seg)) return MISSING;
      node = (node as Record<string, unknown>)[seg];
    } else {
      if (!Array.isArray(node) || seg >= node.length) return MISSING;
      node = node[seg];
    }
  }
  return node;
}

/** Calls `visit` for every value a `[*]` path resolves to, stopping at the first true. */
export function someArgs(node: unknown, segments: readonly PathSegment[], from: number, visit: (value: unknown) => boolean): boolean {
  for (let i = from; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    if (seg === WILDCARD) {
      if (!Array.isArray(node)) return false;
      for (const el of node) if (someArgs(el, segments, i + 1, visit)) return true;
      return false;
    }
    if (typeof seg === "string") {
      if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.hasOwn(node, seg)) return false;
      node = (node as Record<string, unknown>)[seg];
    } else {
      if (!Array.isArray(node) || seg >= node.length) return false;
      node = node[seg];
    }
  }
  return visit(node);
}

export function resolveContext(path: Exclude<ParsedPath, { source: "args" }>, ctx: EvalContext): Resolved {
  switch (path.source) {
    case "identity.name":
      return ctx.identity.name;
    case "identity.kind":
      return ctx.identity.kind;
    case "label":
      return Object.hasOwn(ctx.identity.labels, path.key) ? ctx.identity.labels[path.key] : MISSING;
    case "grant.id":
      return ctx.grant.id;
    case "server.name":
      return ctx.server.name;
    case "time.hour":
      return mod(Math.floor(ctx.now / HOUR_MS), 24);
    case "time.weekday":
      // 1970-01-01 was a Thursday (ISO weekday 4).
      return mod(Math.floor(ctx.now / DAY_MS) + 3, 7) + 1;
  }
}

/** Every value a path resolves to (for explain; allocates). */
export function resolveAll(path: ParsedPath, args: unknown, ctx: EvalContext): unknown[] {
  if (path.source !== "args") {
    const v = resolveContext(path, ctx);
    return v === MISSING ? [] : [v];
  }
  const out: unknown[] = [];
  someArgs(args, path.segments, 0, (v) => {
    out.push(v);
    return false;
  });
  return out;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
