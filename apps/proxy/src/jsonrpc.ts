// The client's JSON-RPC messages, classified without trusting them. Anything that is not a
// well-formed request, notification or response is answered here (-32600 / -32602) and never
// forwarded: the upstream only ever sees messages the proxy understood and evaluated.
export type JsonRpcId = string | number;
export type JsonObject = Record<string, unknown>;

export type ClientMessage =
  | { kind: "request"; id: JsonRpcId; method: string; params: unknown; raw: JsonObject }
  | { kind: "notification"; method: string; params: unknown; raw: JsonObject }
  /** The client answering a server-initiated request (sampling, elicitation, roots). */
  | { kind: "response"; id: JsonRpcId; raw: JsonObject }
  | { kind: "invalid"; id: JsonRpcId | null; reason: string };

export type ToolCallParams = { name: string; arguments: Record<string, unknown> };

export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
} as const;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

export function classifyMessage(value: unknown): ClientMessage {
  if (!isObject(value)) return { kind: "invalid", id: null, reason: "a JSON-RPC message must be an object" };
  const id = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== "2.0") return { kind: "invalid", id, reason: 'jsonrpc must be "2.0"' };
  if ("method" in value) {
    if (typeof value.method !== "string" || value.method === "") return { kind: "invalid", id, reason: "method must be a non-empty string" };
    if (value.params !== undefined && !isObject(value.params) && !Array.isArray(value.params)) {
      return { kind: "invalid", id, reason: "params must be an object or an array" };
    }
    if (!("id" in value)) return { kind: "notification", method: value.method, params: value.params, raw: value };
    // MCP forbids null ids; a request with one could not be answered unambiguously.
    if (id === null) return { kind: "invalid", id: null, reason: "id must be a string or a number" };
    return { kind: "request", id, method: value.method, params: value.params, raw: value };
  }
  if (id !== null && ("result" in value) !== ("error" in value)) return { kind: "response", id, raw: value };
  return { kind: "invalid", id, reason: "not a request, notification or response" };
}

/** tools/call params: `name` a non-empty string, `arguments` absent or an object. */
export function parseToolCallParams(params: unknown): { ok: true; value: ToolCallParams } | { ok: false; message: string } {
  if (!isObject(params)) return { ok: false, message: "tools/call params must be an object" };
  if (typeof params.name !== "string" || params.name === "") return { ok: false, message: "tools/call params.name must be a non-empty string" };
  const args = params.arguments;
  if (args === undefined || args === null) return { ok: true, value: { name: params.name, arguments: {} } };
  if (!isObject(args)) return { ok: false, message: "tools/call params.arguments must be an object" };
  return { ok: true, value: { name: params.name, arguments: args } };
}

/**
 * How deep params may nest. Far beyond any tool's input schema, and low enough that evaluation,
 * hashing and re-serialising (all recursive) stay well inside the stack.
 */
export const MAX_PARAMS_DEPTH = 64;

/** True when `value` nests objects/arrays deeper than `limit`. Iterative: the input is hostile. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [object, number];
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export function rpcError(id: JsonRpcId | null, code: number, message: string, data?: unknown): JsonObject {
  const error: JsonObject = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: "2.0", id, error };
}

export function rpcResult(id: JsonRpcId, result: unknown): JsonObject {
  return { jsonrpc: "2.0", id, result };
}

/** Map key for an id: 1 and "1" are different requests. */
export function idKey(id: JsonRpcId): string {
  return typeof id === "number" ? `n${id}` : `s${id}`;
}

/**
 * The first request id that occurs twice among a batch's messages, or null. Replies are matched
 * to requests by id alone, so a repeated id would let one message's answer settle another's
 * quota or escape tools/list filtering; such a batch is refused whole. Every element carrying a
 * usable id and a `method` counts, valid or not.
 */
export function repeatedRequestId(elements: readonly unknown[]): JsonRpcId | null {
  const seen = new Set<string>();
  for (const element of elements) {
    if (!isObject(element) || !("method" in element) || !isId(element.id)) continue;
    const key = idKey(element.id);
    if (seen.has(key)) return element.id;
    seen.add(key);
  }
  return null;
}
