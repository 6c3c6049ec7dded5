// The approvals API (shared API.md: /approvals): one schema per request and response, used by the
// routes, the inbox page and the OpenAPI document alike.
import { z } from "zod";
import { ApprovalStatus } from "../approval-event.ts";
import { PageQuery, Timestamp } from "./api-common.ts";

export const ListApprovalsQuery = PageQuery.extend({
  status: ApprovalStatus.optional(),
  serverId: z.string().min(1).max(100).optional(),
  identityId: z.string().min(1).max(100).optional(),
  tool: z.string().min(1).max(200).optional(),
}).meta({ id: "ListApprovalsQuery" });
export type ListApprovalsQuery = z.input<typeof ListApprovalsQuery>;

const Reason = z.string().trim().max(1000, { message: "Keep the reason under 1000 characters." });

export const ApproveApprovalInput = z.object({ reason: Reason.optional() }).meta({ id: "ApproveApprovalInput" });
export type ApproveApprovalInput = z.input<typeof ApproveApprovalInput>;

export const DenyApprovalInput = z.object({ reason: Reason.min(1, { message: "Say why the call is denied: the agent sees this reason." }) }).meta({ id: "DenyApprovalInput" });
export type DenyApprovalInput = z.input<typeof DenyApprovalInput>;

export const ApprovalDecision = z.enum(["approve", "deny"]);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const BulkDecideApprovalsInput = z
  .object({
    ids: z.array(z.string().min(1).max(100)).min(1, { message: "Choose at least one request." }).max(100),
    decision: ApprovalDecision,
    reason: Reason.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "deny" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why the calls are denied: the agents see this reason." });
  })
  .meta({ id: "BulkDecideApprovalsInput" });
export type BulkDecideApprovalsInput = z.input<typeof BulkDecideApprovalsInput>;

export const ApprovalResponse = z
  .object({
    id: z.string(),
    status: ApprovalStatus,
    serverId: z.string(),
    serverName: z.string().nullable(),
    identityId: z.string(),
    identityName: z.string().nullable(),
    toolName: z.string(),
    argKeys: z.array(z.string()),
    arguments: z.unknown().meta({ description: "The call's arguments; only for roles that may decide (null otherwise, and once erased)." }),
    rule: z.string().meta({ description: "The approve_if rule that asked, as a JSON pointer into the policy." }),
    approverRoles: z.array(z.string()),
    canDecide: z.boolean().meta({ description: "Whether the caller's role may decide this request." }),
    requestedAt: Timestamp,
    expiresAt: Timestamp,
    decidedAt: Timestamp.nullable(),
    decidedBy: z.string().nullable(),
    decisionReason: z.string().nullable(),
    consumedAt: Timestamp.nullable(),
    taskId: z
      .string()
      .nullable()
      .meta({ description: "The MCP task the agent is waiting on for this request (approval.mode \"task\"), while that task lives; null otherwise." }),
  })
  .meta({ id: "Approval" });
export type ApprovalResponse = z.infer<typeof ApprovalResponse>;

export const BulkDecideApprovalsResponse = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        status: ApprovalStatus.nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: "BulkDecideApprovalsResult" });
export type BulkDecideApprovalsResponse = z.infer<typeof BulkDecideApprovalsResponse>;
