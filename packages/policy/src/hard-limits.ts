// Documents come from tenants and are parsed on the control plane and in the browser, so
// every dimension an attacker controls has a ceiling. Each is far above any real policy
// (a 100-tool policy with 20 predicates is ~30 KiB and 8 levels deep).
export const HARD_LIMITS = {
  /** UTF-16 length of JSON text, or of JSON.stringify(value) for a parsed input. */
  maxDocumentChars: 256 * 1024,
  /** Nesting of objects/arrays anywhere in the document (conditions nest through any/not). */
  maxDepth: 32,
  /** Entries under `tools`. */
  maxTools: 1000,
  /** Entries in `hide`. */
  maxHide: 1000,
  /** Predicates in one require/deny_if/approve_if list. */
  maxPredicates: 100,
  /** Conditions in one predicate or one `any`. */
  maxConditions: 50,
  /** Limits in one list. */
  maxLimits: 20,
  /** Characters in a regex pattern; RE2 compile time and memory grow with it. */
  maxRegexChars: 1000,
  /** Elements in an `in`/`not_in`/`url_host_*` value. */
  maxValueList: 1000,
  /** Depth canonicalJson/argumentsHash accept before throwing. */
  maxCanonicalDepth: 256,
} as const;
