// Argument validation: each tool's discovered, accepted inputSchema, compiled once per bundle
// install with Ajv (draft 2020-12 or draft-07 by `$schema`, formats on) and run on every call
// before `require`. Pure: no I/O — a remote `$ref` is never fetched (there is no loader), so a
// schema that needs one fails to compile and leaves its tool unvalidated with a warning.
//
// Upstreams control their schemas, so compilation is bounded: JSON size, nesting depth, and
// every `pattern`/`patternProperties` key goes through RE2 (linear time; patterns RE2 refuses
// fail the compile). Nothing here throws at call time.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { compileRegex } from "./regex.ts";

export type ArgumentValidationMode = "enforce" | "shadow" | "off";

export const INVALID_ARGUMENTS_RULE = "(invalid arguments)";

export const SCHEMA_LIMITS = {
  /** UTF-16 length of JSON.stringify(schema). */
  maxSchemaChars: 256 * 1024,
  /** Nesting of objects/arrays anywhere in the schema. */
  maxSchemaDepth: 64,
  /** Violations named in the refusal message (all paths are still logged, up to maxLoggedPaths). */
  maxMessageViolations: 3,
  maxLoggedPaths: 20,
} as const;

export type ArgumentViolation = { path: string; message: string };

export type ArgumentCheck = { ok: true } | { ok: false; violations: ArgumentViolation[]; message: string };

export type CompiledToolSchema = { ok: true; validate: (args: unknown) => ArgumentCheck } | { ok: false; warning: string };

/**
 * Compiled validators of one server's tools; tools absent here (no schema) pass. `mode` is the
 * server's setting; a policy's `validate_arguments` on a tool rule overrides it per call, so the
 * schemas are compiled whatever the server's mode.
 */
export type ArgumentValidators = {
  mode: ArgumentValidationMode;
  tools: ReadonlyMap<string, CompiledToolSchema>;
};

// ajv-formats is CommonJS with a default export; under NodeNext interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

// Ajv calls this for `pattern` and `patternProperties`: RE2 instead of the backtracking engine.
function re2Engine(pattern: string, _flags: string): { test: (s: string) => boolean; toString: () => string } {
  const compiled = compileRegex(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  const regex = compiled.regex;
  // Ajv caches compiled patterns under `toString()`: it must be unique per pattern.
  const key = `/${pattern}/re2`;
  return { test: (s: string) => regex.test(s), toString: () => key };
}
re2Engine.code = "re2";

const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  validateSchema: true,
  addUsedSchema: false,
  // Formats Ajv does not know are ignored rather than failing the compile (upstreams invent them).
  // biome-ignore lint/suspicious/noExplicitAny: Ajv's RegExpEngine type is structural.
  code: { regExp: re2Engine as any },
};

let ajv2020: Ajv2020 | null = null;
let ajv07: Ajv | null = null;

function ajvFor(schema: Record<string, unknown>): Ajv {
  const draft = typeof schema.$schema === "string" ? schema.$schema : "";
  if (draft.includes("draft-07") || draft.includes("draft-06") || draft.includes("draft-04")) {
    ajv07 ??= addFormats(new Ajv({ ...AJV_OPTIONS }));
    return ajv07;
  }
  ajv2020 ??= addFormats(new Ajv2020({ ...AJV_OPTIONS }) as unknown as Ajv) as unknown as Ajv2020;
  return ajv2020 as unknown as Ajv;
}

/** Iterative (a 10,000-deep schema must not blow the stack): the deepest nesting, capped at limit + 1. */
function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(node as Record<string, unknown>)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** Why a schema is over the size/depth limits (or not an object), or null when it is within them. Never throws. */
export function schemaLimitProblem(schema: unknown): string | null {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return "inputSchema is not a JSON object";
  if (depthExceeds(schema, SCHEMA_LIMITS.maxSchemaDepth)) return `inputSchema nests deeper than ${SCHEMA_LIMITS.maxSchemaDepth} levels`;
  let chars: number;
  try {
    chars = JSON.stringify(schema).length;
  } catch {
    return "inputSchema is not serializable JSON";
  }
  if (chars > SCHEMA_LIMITS.maxSchemaChars) return `inputSchema is ${chars} characters; the limit is ${SCHEMA_LIMITS.maxSchemaChars}`;
  return null;
}

/** Compiles one tool's inputSchema; never throws. */
export function compileToolSchema(schema: unknown): CompiledToolSchema {
  const problem = schemaLimitProblem(schema);
  if (problem !== null) return { ok: false, warning: problem };
  let fn: ValidateFunction;
  try {
    // `$id` would register the schema globally in the shared Ajv instance; validation is per tool.
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    fn = ajvFor(rest).compile(rest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, warning: `inputSchema cannot be compiled: ${reason.slice(0, 300)}` };
  }
  return {
    ok: true,
    validate: (args: unknown): ArgumentCheck => {
      let valid: boolean;
      try {
        valid = fn(args) === true;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return refusal([{ path: "", message: `arguments could not be validated (${reason.slice(0, 200)})` }]);
      }
      if (valid) return { ok: true };
      return refusal(describeErrors(fn.errors ?? []));
    },
  };
}

export function compileArgumentValidators(mode: ArgumentValidationMode, schemas: Readonly<Record<string, unknown>>): ArgumentValidators {
  const tools = new Map<string, CompiledToolSchema>();
  for (const [name, schema] of Object.entries(schemas)) tools.set(name, compileToolSchema(schema));
  return { mode, tools };
}

/** Warnings of tools whose schema did not compile (those tools' calls are not validated). */
export function validatorWarnings(validators: ArgumentValidators): Array<{ tool: string; warning: string }> {
  const out: Array<{ tool: string; warning: string }> = [];
  for (const [tool, compiled] of validators.tools) if (!compiled.ok) out.push({ tool, warning: compiled.warning });
  return out;
}

/** The mode that applies to one call: the policy's `validate_arguments` for the tool, else the server's. */
export function effectiveValidationMode(validators: ArgumentValidators | null | undefined, override: ArgumentValidationMode | null | undefined): ArgumentValidationMode {
  return override ?? validators?.mode ?? "off";
}

/**
 * Whether a tool's calls are validated, and why not: for the simulator's trace and the tools
 * table. `compile_failed` carries the compile warning.
 */
export type ToolValidationStatus =
  | { validated: true; mode: "enforce" | "shadow" }
  | { validated: false; mode: ArgumentValidationMode; reason: "off" | "no_schema" | "compile_failed"; warning?: string };

export function toolValidationStatus(validators: ArgumentValidators | null | undefined, name: string, override: ArgumentValidationMode | null = null): ToolValidationStatus {
  const mode = effectiveValidationMode(validators, override);
  const compiled = validators?.tools.get(name);
  if (mode === "off") return { validated: false, mode, reason: "off" };
  if (!compiled) return { validated: false, mode, reason: "no_schema" };
  if (!compiled.ok) return { validated: false, mode, reason: "compile_failed", warning: compiled.warning };
  return { validated: true, mode };
}

/**
 * The verdict for one call; `null` when the tool is not validated (no schema, compile failure,
 * mode off). `mode` defaults to the server's; pass the effective one when a policy overrides it.
 */
export function checkArguments(validators: ArgumentValidators | null | undefined, name: string, args: unknown, mode: ArgumentValidationMode = validators?.mode ?? "off"): ArgumentCheck | null {
  if (!validators || mode === "off") return null;
  const compiled = validators.tools.get(name);
  if (!compiled?.ok) return null;
  return compiled.validate(args ?? {});
}

export function invalidArgumentsMessage(name: string, violations: readonly ArgumentViolation[]): string {
  const shown = violations.slice(0, SCHEMA_LIMITS.maxMessageViolations).map((v) => v.message);
  const more = violations.length > shown.length ? ` (and ${violations.length - shown.length} more)` : "";
  return `Tool ${JSON.stringify(name)} was refused by ${INVALID_ARGUMENTS_RULE}: ${shown.join("; ")}${more}. Fix the arguments to match the tool's input schema and call again.`;
}

function refusal(violations: ArgumentViolation[]): ArgumentCheck {
  const list = violations.length > 0 ? violations : [{ path: "", message: "arguments do not match the input schema" }];
  return { ok: false, violations: list.slice(0, SCHEMA_LIMITS.maxLoggedPaths), message: list.map((v) => v.message).join("; ") };
}

/** `/options/0/size` → `options[0].size`; the root is `arguments`. */
export function dottedPath(pointer: string): string {
  if (pointer === "") return "";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

function join(base: string, key: string): string {
  return base === "" ? key : `${base}.${key}`;
}

// Messages name paths and what the schema expects — never the value the caller sent.
function describeErrors(errors: readonly ErrorObject[]): ArgumentViolation[] {
  const out: ArgumentViolation[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const at = dottedPath(e.instancePath);
    const subject = at === "" ? "arguments" : at;
    const p = e.params as Record<string, unknown>;
    let path = at;
    let message: string;
    switch (e.keyword) {
      case "required":
        path = join(at, String(p.missingProperty));
        message = `${path} is required`;
        break;
      case "additionalProperties":
        path = join(at, String(p.additionalProperty));
        message = `${path} is not an allowed property`;
        break;
      case "enum":
        message = `${subject} must be one of ${(p.allowedValues as unknown[]).map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}`;
        break;
      case "type":
        message = `${subject} must be ${String(p.type).replace(/,/g, " or ")}`;
        break;
      case "const":
        message = `${subject} must be ${JSON.stringify(p.allowedValue)}`;
        break;
      case "if":
      case "anyOf":
      case "oneOf":
      case "allOf":
        // The branch errors that precede these say what is wrong; keep the summary only if alone.
        message = `${subject} ${e.message ?? "is invalid"}`;
        break;
      default:
        message = `${subject} ${e.message ?? "is invalid"}`;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}
