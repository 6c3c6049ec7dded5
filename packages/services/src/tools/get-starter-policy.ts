// GET /servers/{id}/starter-policy: a policy proposed from the server's discovered tools and their
// risk, to edit before publishing. Nothing is stored.
import { type StarterPolicyResponse, conflict } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { listTools } from "./list-tools.ts";
import { proposeStarterPolicy } from "./propose-starter-policy.ts";

export async function getStarterPolicy(ctx: ServiceContext, input: { serverId: string }): Promise<StarterPolicyResponse> {
  requirePermission(ctx, "read");
  const tools = (await listTools(ctx, input)).filter((t) => t.status !== "removed");
  if (tools.length === 0) throw conflict("Discover the server's tools first: the starter policy is proposed from them.");
  return proposeStarterPolicy(tools);
}
