// One grant as the API shows it.
import type { GrantResponse } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";
import { requirePermission } from "../require-permission.ts";
import { grantSelect, presentGrant } from "./present-grant.ts";

export async function getGrant(ctx: ServiceContext, input: { grantId: string }): Promise<GrantResponse> {
  requirePermission(ctx, "read");
  return presentGrant(await found(dbOf(ctx).grant.findFirst({ where: { id: input.grantId, orgId: ctx.orgId }, select: grantSelect }), "Grant"));
}
