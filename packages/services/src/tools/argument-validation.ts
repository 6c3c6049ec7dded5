// Which inputSchema a tool's calls are validated against, in one place for the three users: the
// bundle (the proxy compiles what it carries), the simulator and replay (they compile the same
// schemas with the same @gatehouse/policy Ajv setup, so they show the proxy's refusal), and the
// tools table (whether a tool is validated, and why not).
import {
  type ArgumentValidationMode,
  type ArgumentValidators,
  type CompiledToolSchema,
  compileToolSchema,
  schemaLimitProblem,
} from "@gatehouse/policy";
import type { ToolValidation } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";

export type SchemaToolRow = { name: string; status: string; inputSchema: unknown; acceptedDefinition: unknown };

export const SCHEMA_TOOL_SELECT = { name: true, status: true, inputSchema: true, acceptedDefinition: true } as const;

/**
 * The schema a tool's calls are checked against: the accepted definition's (a changed tool keeps
 * its approved schema until reviewed). `none`: quarantined (refused anyway), removed, or a schema
 * that says nothing beyond `{}`/`{type: "object"}`. `over_limits`: too big or too deep to carry.
 */
export type AcceptedSchema = { kind: "schema"; schema: Record<string, unknown> } | { kind: "none" } | { kind: "over_limits"; warning: string };

export function acceptedInputSchema(tool: SchemaToolRow): AcceptedSchema {
  if (tool.status === "quarantined" || tool.status === "removed") return { kind: "none" };
  const accepted = tool.status === "changed" && isObject(tool.acceptedDefinition) ? tool.acceptedDefinition.inputSchema : tool.inputSchema;
  if (!isObject(accepted)) return { kind: "none" };
  // Checked before anything walks it: a 10,000-deep schema must not reach canonical hashing.
  const problem = schemaLimitProblem(accepted);
  if (problem !== null) return { kind: "over_limits", warning: problem };
  const keys = Object.keys(accepted).filter((k) => k !== "type" && k !== "$schema");
  return keys.length === 0 ? { kind: "none" } : { kind: "schema", schema: accepted };
}

/** The bundle's `inputSchemas` for one server: only tools with a schema within the limits. */
export function acceptedInputSchemas(tools: readonly SchemaToolRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const tool of tools) {
    const accepted = acceptedInputSchema(tool);
    if (accepted.kind === "schema") out[tool.name] = accepted.schema;
  }
  return out;
}

/**
 * The validators the proxy compiles for this server's bundle entry (what compileArgumentValidators
 * builds, each tool's schema through the cache below); null when no tool has a schema.
 */
export function validatorsFor(mode: ArgumentValidationMode, tools: readonly SchemaToolRow[]): ArgumentValidators | null {
  const schemas = acceptedInputSchemas(tools);
  if (Object.keys(schemas).length === 0) return null;
  const compiled = new Map<string, CompiledToolSchema>();
  for (const [name, schema] of Object.entries(schemas)) compiled.set(name, compiledSchema(schema as Record<string, unknown>));
  return { mode, tools: compiled };
}

/** The server's validators, loaded and compiled as the proxy would (tenant-scoped). */
export async function loadServerValidators(ctx: ServiceContext, serverId: string): Promise<ArgumentValidators | null> {
  const server = await ctx.db.server.findFirst({
    where: { id: serverId, orgId: ctx.orgId },
    select: { argumentValidation: true, tools: { where: { orgId: ctx.orgId, status: { not: "removed" } }, select: SCHEMA_TOOL_SELECT } },
  });
  return server ? validatorsFor(server.argumentValidation, server.tools) : null;
}

// The simulator and the tools table ask on every request, and Ajv compiles in milliseconds (code
// generation), not microseconds; a definition compiles the same every time. Keyed by the schema's
// JSON (bounded by the limits above), oldest dropped past the cap so churning definitions cannot
// grow it. A compiled validator is pure and holds no per-call state, so sharing it is safe.
const compiledSchemas = new Map<string, CompiledToolSchema>();
const MAX_CACHED = 500;

function compiledSchema(schema: Record<string, unknown>): CompiledToolSchema {
  const key = JSON.stringify(schema);
  const cached = compiledSchemas.get(key);
  if (cached !== undefined) return cached;
  const compiled = compileToolSchema(schema);
  if (compiledSchemas.size >= MAX_CACHED) compiledSchemas.delete(compiledSchemas.keys().next().value as string);
  compiledSchemas.set(key, compiled);
  return compiled;
}

function compileWarning(schema: Record<string, unknown>): string | null {
  const compiled = compiledSchema(schema);
  return compiled.ok ? null : compiled.warning;
}

/**
 * Whether a tool's calls are validated under the server's mode (a policy's `validate_arguments`
 * may still override it per grant), and the compile warning when its schema cannot be used.
 */
export function toolValidation(tool: SchemaToolRow, serverMode: ArgumentValidationMode): ToolValidation {
  const accepted = acceptedInputSchema(tool);
  if (accepted.kind === "none") return { mode: serverMode, schema: "none", validated: false, warning: null };
  if (accepted.kind === "over_limits") return { mode: serverMode, schema: "invalid", validated: false, warning: accepted.warning };
  const warning = compileWarning(accepted.schema);
  if (warning !== null) return { mode: serverMode, schema: "invalid", validated: false, warning };
  return { mode: serverMode, schema: "accepted", validated: serverMode !== "off", warning: null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
