// Membership roles and what each may do. Roles are ordered for display only; permissions are
// explicit because an approver is not "more" than a policy manager, just different.
import { z } from "zod";

export const Role = z.enum(["admin", "policy_manager", "approver", "viewer"]);
export type Role = z.infer<typeof Role>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  policy_manager: "Policy manager",
  approver: "Approver",
  viewer: "Viewer",
};

export type Permission =
  | "org:manage"
  | "members:manage"
  | "servers:write"
  | "identities:write"
  | "tokens:write"
  | "grants:write"
  | "policies:write"
  | "approvals:decide"
  | "read";

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    "org:manage", "members:manage", "servers:write", "identities:write", "tokens:write",
    "grants:write", "policies:write", "approvals:decide", "read",
  ]),
  policy_manager: new Set<Permission>(["policies:write", "grants:write", "read"]),
  approver: new Set<Permission>(["approvals:decide", "read"]),
  viewer: new Set<Permission>(["read"]),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}
