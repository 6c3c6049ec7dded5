import { env } from "@/env";

/** The URL an agent's MCP client points at instead of the upstream server. */
export function proxyUrlFor(serverId: string): string {
  return `${env().GATEHOUSE_PUBLIC_PROXY_URL.replace(/\/+$/, "")}/mcp/${serverId}`;
}
