import { type Permission, can, forbidden } from "@gatehouse/shared";
import type { ServiceContext } from "./context.ts";

export function requirePermission(ctx: ServiceContext, permission: Permission): void {
  if (!can(ctx.role, permission)) throw forbidden();
}
