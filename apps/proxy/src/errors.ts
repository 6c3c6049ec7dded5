// Three error families, kept apart (STYLE.md practice 4):
// - ours: Gatehouse refuses or cannot serve (auth, grant, unknown server, no bundle, config);
//   HTTP status + JSON-RPC error body with a stable `data.gatehouse.code`.
// - the client's protocol errors: malformed JSON / JSON-RPC / params (codes -32700/-32600/-32602,
//   see jsonrpc.ts) — the client must fix its request.
// - the upstream's: passed through as the upstream sent them, or, when the upstream could not be
//   reached at all, a 502/504 naming the upstream so nobody blames the policy.
import type { ServerResponse } from "node:http";
import { type JsonRpcId, RPC, rpcError } from "./jsonrpc.ts";

export type OurErrorCode =
  | "no_bundle"
  | "unknown_server"
  | "unauthorized"
  | "forbidden"
  | "server_disabled"
  | "body_too_large"
  | "upstream_misconfigured"
  | "method_not_allowed"
  | "unknown_session"
  | "request_timeout"
  | "origin_not_allowed"
  | "host_not_allowed"
  | "session_store_unavailable"
  | "internal";

const OURS: Record<OurErrorCode, { status: number; rpc: number }> = {
  no_bundle: { status: 503, rpc: -32003 },
  unknown_server: { status: 404, rpc: -32004 },
  unauthorized: { status: 401, rpc: -32001 },
  forbidden: { status: 403, rpc: -32002 },
  server_disabled: { status: 503, rpc: -32003 },
  body_too_large: { status: 413, rpc: RPC.invalidRequest },
  upstream_misconfigured: { status: 502, rpc: -32005 },
  method_not_allowed: { status: 405, rpc: -32000 },
  // 404 is what the transport spec answers for a session that does not exist: start a new one.
  unknown_session: { status: 404, rpc: -32001 },
  request_timeout: { status: 408, rpc: RPC.invalidRequest },
  origin_not_allowed: { status: 403, rpc: -32002 },
  host_not_allowed: { status: 403, rpc: -32002 },
  session_store_unavailable: { status: 503, rpc: -32003 },
  internal: { status: 500, rpc: -32603 },
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Ours: Gatehouse refuses the request before anything is forwarded. */
export function sendOurError(res: ServerResponse, code: OurErrorCode, message: string, requestId: string, headers: Record<string, string> = {}): void {
  const spec = OURS[code];
  const extra = code === "unauthorized" ? { "www-authenticate": 'Bearer realm="gatehouse"', ...headers } : headers;
  sendJson(res, spec.status, rpcError(null, spec.rpc, message, { gatehouse: { code, requestId } }), extra);
}

/** The client's protocol error for a whole request (nothing in it could be used). */
export function sendClientProtocolError(res: ServerResponse, code: number, message: string, id: JsonRpcId | null = null): void {
  sendJson(res, 400, rpcError(id, code, message));
}

export type UpstreamFailureKind = "unreachable" | "timeout" | "rejected_credential" | "address_not_allowed" | "metadata_address" | "bad_response";

const UPSTREAM: Record<UpstreamFailureKind, { status: number; message: string }> = {
  unreachable: { status: 502, message: "The upstream MCP server could not be reached." },
  timeout: { status: 504, message: "The upstream MCP server did not answer in time." },
  rejected_credential: { status: 502, message: "The upstream MCP server rejected the credential Gatehouse sends for this server." },
  address_not_allowed: { status: 502, message: "The upstream address is in a private network, which this proxy does not allow." },
  metadata_address: { status: 502, message: "The upstream address is a cloud metadata address, which this proxy never connects to." },
  bad_response: { status: 502, message: "The upstream MCP server sent a response the proxy could not read." },
};

/** The upstream's: the call failed between the proxy and the upstream. */
export function upstreamFailure(kind: UpstreamFailureKind): { status: number; message: string; rpc: number } {
  return { ...UPSTREAM[kind], rpc: -32010 };
}

export function sendUpstreamFailure(res: ServerResponse, kind: UpstreamFailureKind, ids: readonly JsonRpcId[], requestId: string): void {
  const f = upstreamFailure(kind);
  const data = { gatehouse: { code: `upstream_${kind}`, requestId } };
  const bodies = ids.length === 0 ? [rpcError(null, f.rpc, f.message, data)] : ids.map((id) => rpcError(id, f.rpc, f.message, data));
  sendJson(res, f.status, bodies.length === 1 ? bodies[0] : bodies);
}
