// Approval requests for API tests: a pending row in Postgres plus its live state in Redis, as
// the proxy and the approval.persist job leave them.
import { randomBytes } from "node:crypto";
import type { Db } from "@gatehouse/db";
import { ApprovalState, createRedis } from "@gatehouse/jobs";
import { newId } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

let shared: { state: ApprovalState; close(): void } | undefined;

/** One approvals state per test file (a producer connection to the real Redis). */
export function testApprovalState(): ApprovalState {
  if (!shared) {
    const redis = createRedis(REDIS_URL, "producer");
    shared = { state: new ApprovalState(redis), close: () => redis.disconnect() };
  }
  return shared.state;
}

export function closeTestApprovalState(): void {
  shared?.close();
  shared = undefined;
}

export async function createPendingApproval(
  db: Db,
  state: ApprovalState,
  o: { orgId: string; encryptionKey: Buffer; toolName?: string; serverId?: string; identityId?: string; args?: Record<string, unknown>; expiresInMs?: number; approverRoles?: string[] },
) {
  const id = newId("approval");
  const now = Date.now();
  const expiresAt = new Date(now + (o.expiresInMs ?? 600_000));
  const args = o.args ?? { amount: 700, order: `ord_${randomBytes(3).toString("hex")}` };
  const row = await db.approvalRequest.create({
    data: {
      id,
      orgId: o.orgId,
      serverId: o.serverId ?? "srv_test",
      identityId: o.identityId ?? "idn_test",
      toolName: o.toolName ?? "refund_order",
      argsHash: randomBytes(32).toString("hex"),
      argKeys: Object.keys(args).sort(),
      argsEnc: encryptText(o.encryptionKey, JSON.stringify(args)),
      policyVersionId: "polv_test",
      bundleRevision: 1,
      rule: "/tools/refund_order/approve_if/args.amount-gt",
      approverRoles: o.approverRoles ?? ["approver"],
      requestedAt: new Date(now),
      expiresAt,
    },
  });
  await state.restore(
    { orgId: row.orgId, identityId: row.identityId, serverId: row.serverId, toolName: row.toolName, argsHash: row.argsHash, policyVersionId: "polv_test" },
    id,
    now,
    expiresAt.getTime(),
    600_000,
  );
  return row;
}
