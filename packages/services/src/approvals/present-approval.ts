// An ApprovalRequest row as the API shows it: explicit fields, arguments decrypted only for a
// caller who may decide it, never the encrypted column or the hash.
import type { ApprovalResponse, Role } from "@gatehouse/shared";
import { decryptText } from "@gatehouse/shared/node";
import type { ServiceContext } from "../context.ts";
import { mayDecide } from "./internal.ts";

export type ApprovalRow = {
  id: string;
  orgId: string;
  serverId: string;
  identityId: string;
  toolName: string;
  argKeys: string[];
  argsEnc: string | null;
  rule: string;
  approverRoles: string[];
  status: ApprovalResponse["status"];
  requestedAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  decidedById: string | null;
  decisionReason: string | null;
  consumedAt: Date | null;
};

export type ApprovalNames = { servers: Map<string, string>; identities: Map<string, string>; deciders: Map<string, string>; tasks?: Map<string, string> };

export function presentApproval(ctx: Pick<ServiceContext, "role" | "secrets">, row: ApprovalRow, names: ApprovalNames): ApprovalResponse {
  const canDecide = mayDecide(ctx.role as Role, row.approverRoles);
  return {
    id: row.id,
    status: row.status,
    serverId: row.serverId,
    serverName: names.servers.get(row.serverId) ?? null,
    identityId: row.identityId,
    identityName: names.identities.get(row.identityId) ?? null,
    toolName: row.toolName,
    argKeys: row.argKeys,
    arguments: canDecide ? readArguments(ctx, row.argsEnc) : null,
    rule: row.rule,
    approverRoles: row.approverRoles,
    canDecide,
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedById === null ? null : (names.deciders.get(row.decidedById) ?? row.decidedById),
    decisionReason: row.decisionReason,
    consumedAt: row.consumedAt?.toISOString() ?? null,
    taskId: names.tasks?.get(row.id) ?? null,
  };
}

/** Which requests an agent waits on as an MCP task (live state in Redis; none when it is unreachable). */
async function tasksOf(ctx: ServiceContext, rows: readonly ApprovalRow[]): Promise<Map<string, string>> {
  if (!ctx.approvals || rows.length === 0) return new Map();
  try {
    return await ctx.approvals.tasksOf(ctx.orgId, rows.map((r) => r.id));
  } catch (error) {
    ctx.onBackgroundError?.("approval tasks unreadable", error);
    return new Map();
  }
}

function readArguments(ctx: Pick<ServiceContext, "secrets">, argsEnc: string | null): unknown {
  if (argsEnc === null) return null;
  try {
    return JSON.parse(decryptText(ctx.secrets.encryptionKey, argsEnc));
  } catch {
    // A key rotated away or a damaged envelope: show nothing rather than fail the inbox.
    return null;
  }
}

/** Names for the servers, identities and deciders the rows mention, in three queries. */
export async function loadApprovalNames(ctx: ServiceContext, rows: readonly ApprovalRow[]): Promise<ApprovalNames> {
  const serverIds = [...new Set(rows.map((r) => r.serverId))];
  const identityIds = [...new Set(rows.map((r) => r.identityId))];
  const deciderIds = [...new Set(rows.map((r) => r.decidedById).filter((id): id is string => id !== null))];
  const [servers, identities, users, keys] = await Promise.all([
    ctx.db.server.findMany({ where: { orgId: ctx.orgId, id: { in: serverIds } }, select: { id: true, name: true } }),
    ctx.db.identity.findMany({ where: { orgId: ctx.orgId, id: { in: identityIds } }, select: { id: true, name: true } }),
    deciderIds.length === 0 ? [] : ctx.db.user.findMany({ where: { id: { in: deciderIds }, memberships: { some: { orgId: ctx.orgId } } }, select: { id: true, name: true, email: true } }),
    deciderIds.length === 0 ? [] : ctx.db.apiKey.findMany({ where: { orgId: ctx.orgId, id: { in: deciderIds } }, select: { id: true, name: true } }),
  ]);
  return {
    tasks: await tasksOf(ctx, rows),
    servers: new Map(servers.map((s) => [s.id, s.name])),
    identities: new Map(identities.map((i) => [i.id, i.name])),
    deciders: new Map([...users.map((u) => [u.id, u.name ?? u.email] as const), ...keys.map((k) => [k.id, `API key ${k.name}`] as const)]),
  };
}
