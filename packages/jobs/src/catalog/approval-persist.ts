// approval.persist — the proxy asked a human: store the request (arguments encrypted), then
// notify, schedule expiry and announce it. Enqueued by the proxy, which has no database.
import { z } from "zod";
import { defineJob, safeJobId } from "./define-job.ts";

export const ApprovalPersistPayload = z.object({
  approvalId: z.string().min(1),
  orgId: z.string().min(1),
  identityId: z.string().min(1),
  serverId: z.string().min(1),
  grantId: z.string().min(1).nullable(),
  toolName: z.string().min(1),
  argsHash: z.string().regex(/^[0-9a-f]{64}$/),
  argKeys: z.array(z.string()),
  /** The arguments, AES-256-GCM sealed by the proxy (the same key as upstream credentials). */
  argsEnc: z.string().min(1),
  policyVersionId: z.string().min(1),
  bundleRevision: z.number().int().nonnegative(),
  rule: z.string(),
  /** Roles that may decide (the policy's approval.roles; admin always may). */
  roles: z.array(z.string()).min(1),
  requestedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** The policy's approval timeout; an approved request stays consumable this long after the decision. */
  timeoutMs: z.number().int().positive(),
});
export type ApprovalPersistPayload = z.infer<typeof ApprovalPersistPayload>;

export const approvalPersist = defineJob({
  name: "approval.persist",
  queue: "approvals",
  payload: ApprovalPersistPayload,
  jobId: (p) => safeJobId("approval.persist", p.approvalId),
  attempts: 10,
  backoff: { type: "exponential", delayMs: 500 },
});
