// /approvals through the common security checks. Deciding is for admins and the roles the
// request names (here the default, approver); reading is for everyone, arguments aside.
import { afterAll } from "vitest";
import type { ApiHarness } from "./support/api-harness";
import { closeTestApprovalState, createPendingApproval, testApprovalState } from "./support/approvals";
import { EVERYONE, describeRouteSecurity } from "./support/route-security";

const DECIDERS = ["admin", "approver"] as const;

afterAll(() => closeTestApprovalState());

const pending = (h: ApiHarness, orgId: string) =>
  createPendingApproval(h.db, testApprovalState(), { orgId, encryptionKey: h.deps.secrets.encryptionKey });

describeRouteSecurity(
  "approvals",
  {
    "/approvals": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/approvals?status=pending" }) },
    "/approvals/{id}": {
      method: "GET",
      allowed: EVERYONE,
      status: 200,
      prepare: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgA.id)).id}` }),
      foreign: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgB.id)).id}` }),
    },
    "/approvals/{id}/approve": {
      method: "POST",
      allowed: DECIDERS,
      status: 200,
      prepare: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgA.id)).id}/approve`, body: { reason: "ok" } }),
      foreign: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgB.id)).id}/approve`, body: {} }),
      invalid: { body: { reason: "x".repeat(1001) }, paths: ["reason"] },
    },
    "/approvals/{id}/deny": {
      method: "POST",
      allowed: DECIDERS,
      status: 200,
      prepare: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgA.id)).id}/deny`, body: { reason: "no" } }),
      foreign: async (h, t) => ({ path: `/approvals/${(await pending(h, t.orgB.id)).id}/deny`, body: { reason: "no" } }),
      invalid: { body: { reason: "" }, paths: ["reason"] },
    },
    "/approvals/decide": {
      method: "POST",
      allowed: DECIDERS,
      status: 200,
      prepare: async (h, t) => ({ path: "/approvals/decide", body: { ids: [(await pending(h, t.orgA.id)).id], decision: "approve" } }),
      invalid: { body: { ids: [], decision: "maybe" }, paths: ["ids", "decision"] },
    },
  },
  () => ({ approvals: testApprovalState() }),
);
