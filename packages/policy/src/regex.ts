import { RE2JS } from "re2js";
import { HARD_LIMITS } from "./hard-limits.ts";

// Tenant patterns run on the hot path, so they go through re2js (a port of RE2: automata
// simulation, no backtracking, time linear in the input). Anything RE2 refuses —
// lookaround, backreferences — is a validation error rather than a silent fallback to
// the JS engine.
export type RegexCompile = { ok: true; regex: RE2JS } | { ok: false; message: string };

export function compileRegex(pattern: string): RegexCompile {
  if (pattern.length > HARD_LIMITS.maxRegexChars) {
    return { ok: false, message: `regex is ${pattern.length} characters; the limit is ${HARD_LIMITS.maxRegexChars}` };
  }
  try {
    return { ok: true, regex: RE2JS.compile(pattern) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `regex ${JSON.stringify(pattern)} is not valid RE2 syntax (${reason})` };
  }
}
