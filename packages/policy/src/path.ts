/** A path segment: an object key, an array index (≥ 0), or WILDCARD for `[*]`. */
export type PathSegment = string | number;
export const WILDCARD = -1;

export type ContextField = "identity.name" | "identity.kind" | "grant.id" | "server.name" | "time.hour" | "time.weekday";

export type ParsedPath =
  | { readonly source: "args"; readonly segments: readonly PathSegment[]; readonly wildcard: boolean }
  | { readonly source: "label"; readonly key: string }
  | { readonly source: ContextField };

const CONTEXT_FIELDS: readonly ContextField[] = ["identity.name", "identity.kind", "grant.id", "server.name", "time.hour", "time.weekday"];
const MAX_INDEX = 1_000_000;

export type PathParse = { ok: true; path: ParsedPath } | { ok: false; message: string };

const HINT = 'paths are "args.<key>" (with optional [n] or [*]), "identity.name", "identity.kind", "identity.labels.<key>", "grant.id", "server.name", "time.hour" or "time.weekday"';

/** Parsed once at compile time so evaluation never touches the path string. */
export function parsePath(text: string): PathParse {
  if ((CONTEXT_FIELDS as readonly string[]).includes(text)) return { ok: true, path: { source: text as ContextField } };
  if (text.startsWith("identity.labels.")) {
    const key = text.slice("identity.labels.".length);
    if (key.length === 0) return { ok: false, message: `path "${text}" names no label key` };
    return { ok: true, path: { source: "label", key } };
  }
  if (!text.startsWith("args.")) return { ok: false, message: `unknown path ${JSON.stringify(text)}; ${HINT}` };
  const segments: PathSegment[] = [];
  let wildcard = false;
  let i = 4; // at the "." after "args"
  while (i < text.length) {
    const ch = text[i];
    if (ch === ".") {
      let j = i + 1;
      while (j < text.length && text[j] !== "." && text[j] !== "[" && text[j] !== "]") j++;
      if (j === i + 1) return { ok: false, message: `path ${JSON.stringify(text)} has an empty key at character ${i + 1}` };
      segments.push(text.slice(i + 1, j));
      i = j;
    } else if (ch === "[") {
      const close = text.indexOf("]", i);
      if (close < 0) return { ok: false, message: `path ${JSON.stringify(text)} has an unclosed "["` };
      const inner = text.slice(i + 1, close);
      if (inner === "*") {
        segments.push(WILDCARD);
        wildcard = true;
      } else if (/^\d{1,7}$/.test(inner) && Number(inner) <= MAX_INDEX) {
        segments.push(Number(inner));
      } else {
        return { ok: false, message: `path ${JSON.stringify(text)} has index [${inner}]; use a whole number or *` };
      }
      i = close + 1;
    } else {
      return { ok: false, message: `path ${JSON.stringify(text)} has an unexpected ${JSON.stringify(ch)} at character ${i + 1}` };
    }
  }
  return { ok: true, path: { source: "args", segments, wildcard } };
}

/** `increment_from` must name one number in the arguments, so no context and no `[*]`. */
export function parseIncrementPath(text: string): PathParse {
  const parsed = parsePath(text);
  if (!parsed.ok) return parsed;
  if (parsed.path.source !== "args") return { ok: false, message: `increment_from must be an "args." path, got ${JSON.stringify(text)}` };
  if (parsed.path.wildcard) return { ok: false, message: `increment_from cannot use [*]: it must name a single number` };
  return parsed;
}
