// POST /servers/{id}/test: connect to the upstream and `initialize` through the SSRF guard, and
// say what answered (name, protocol version, latency) or exactly why it failed.
import { AppError, type TestConnectionResponse } from "@gatehouse/shared";
import { TokenRequestError, UpstreamAddressError } from "@gatehouse/shared/node";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getServerInOrg } from "./internal.ts";
import { connectUpstream } from "./upstream-client.ts";

type Ctx = ServiceContext & { allowPrivateNetworks: boolean };

export async function testServerConnection(ctx: Ctx, input: { serverId: string }): Promise<TestConnectionResponse> {
  requirePermission(ctx, "servers:write");
  const server = await getServerInOrg(ctx, input.serverId);
  const started = performance.now();
  try {
    const { client, transport } = await connectUpstream(server, { secrets: ctx.secrets, allowPrivateNetworks: ctx.allowPrivateNetworks });
    const latencyMs = Math.round(performance.now() - started);
    const info = client.getServerVersion();
    const protocolVersion = transport.protocolVersion ?? null;
    await client.close().catch(() => undefined);
    return {
      ok: true,
      serverInfo: info ? { name: info.name, version: info.version, ...(info.title ? { title: info.title } : {}) } : null,
      protocolVersion,
      latencyMs,
    };
  } catch (error) {
    return { ok: false, serverInfo: null, protocolVersion: null, latencyMs: Math.round(performance.now() - started), error: describeFailure(error) };
  }
}

type Failure = NonNullable<TestConnectionResponse["error"]>;

/** The reason a connection failed, in words a person can act on; never a stack trace. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof TokenRequestError) {
    const refused = causeOfType(error, UpstreamAddressError) ?? causeOfType(error, AppError);
    if (refused) return { kind: "ssrf", message: `Refused to connect to the token endpoint: ${refused.message}` };
    return { kind: "unauthorized", message: `Could not get an access token: ${error.message}` };
  }
  if (error instanceof AppError) return { kind: "ssrf", message: error.message };
  const refused = causeOfType(error, UpstreamAddressError);
  if (refused) return { kind: "ssrf", message: `Refused to connect: ${refused.message}` };
  if (error instanceof UnauthorizedError) return { kind: "unauthorized", message: "The upstream answered 401: check the upstream credential." };
  if (error instanceof StreamableHTTPError) {
    if (error.code === 401 || error.code === 403) return { kind: "unauthorized", message: `The upstream answered ${error.code}: check the upstream credential.` };
    if (error.code === 404 || error.code === 405) return { kind: "not_mcp", message: `The upstream answered HTTP ${error.code}: is this the MCP endpoint (often /mcp)?` };
    return { kind: "http", message: `The upstream answered HTTP ${error.code ?? "error"}.` };
  }
  const code = errorCode(error);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "dns", message: "The upstream host name does not resolve (DNS)." };
  if (code === "ECONNREFUSED") return { kind: "refused", message: "The upstream refused the connection: nothing listens on that port." };
  if (code === "ECONNRESET") return { kind: "refused", message: "The upstream closed the connection." };
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return { kind: "tls", message: `The upstream's TLS certificate was refused (${code}).` };
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT" || isTimeout(error)) return { kind: "timeout", message: "The upstream did not answer in time." };
  if (error instanceof McpError) return { kind: "not_mcp", message: `The upstream answered, but not as an MCP server: ${error.message}` };
  const message = error instanceof Error ? error.message : String(error);
  if (/Unexpected content type|JSON|parse|invalid/i.test(message)) return { kind: "not_mcp", message: "The upstream answered, but not as an MCP server." };
  return { kind: "not_mcp", message: "The upstream did not complete the MCP handshake." };
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const name = (current as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") return true;
    if (current instanceof McpError && current.code === -32001) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function causeOfType<T>(error: unknown, type: abstract new (...args: never[]) => T): T | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (current instanceof type) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
