// "This id in this org" → the row, or a 404 that cannot tell another org's id from a missing one
// (STYLE.md §2). Every verb and route loads api keys through here.
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";

export const getApiKeyInOrg = (ctx: ServiceContext, id: string) =>
  found(dbOf(ctx).apiKey.findFirst({ where: { id, orgId: ctx.orgId } }), "API key");
