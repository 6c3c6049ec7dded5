// One event per authenticated proxied request, emitted by the proxy to Redis and ingested by the
// worker into DecisionLog. Idempotent on `id`. Argument values never appear in clear: keys and a
// hash do, and — only for a server with argument capture on — `argsEnc`, their encrypted envelope.
import { z } from "zod";

export const DecisionOutcome = z.enum([
  "allowed",
  "denied",
  "rate_limited",
  "approval_pending",
  "approval_denied",
  "approval_expired",
  "rejected",
  "upstream_error",
]);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const DecisionEvent = z.object({
  id: z.string(),
  orgId: z.string(),
  requestId: z.string(),
  serverId: z.string().nullable(),
  identityId: z.string().nullable(),
  grantId: z.string().nullable(),
  tokenPrefix: z.string().nullable(),
  method: z.string(),
  toolName: z.string().nullable(),
  argKeys: z.array(z.string()),
  argsHash: z.string().nullable(),
  /**
   * On an `(invalid arguments)` refusal, enforced or shadow: the argument paths that did not
   * validate (`options[0].size`), never their values. Optional: events of older proxies lack it.
   */
  violationPaths: z.array(z.string()).optional(),
  /**
   * tools/call of a server with argument capture on: AES-256-GCM envelope (`v1.…`, the upstream-
   * credential key) of the arguments' JSON. Stored by the worker in CapturedArguments for replay.
   */
  argsEnc: z.string().max(1_000_000).optional(),
  policyId: z.string().nullable(),
  policyVersionId: z.string().nullable(),
  bundleRevision: z.number().int().nullable(),
  outcome: DecisionOutcome,
  /** In shadow mode: what the policy would have decided (outcome is then "allowed"). */
  shadowOutcome: DecisionOutcome.nullable(),
  rule: z.string().nullable(),
  message: z.string().nullable(),
  approvalId: z.string().nullable(),
  upstreamStatus: z.number().int().nullable(),
  upstreamLatencyMs: z.number().nullable(),
  proxyLatencyMs: z.number().nullable(),
  /** ISO time the request arrived. */
  at: z.string(),
});
export type DecisionEvent = z.infer<typeof DecisionEvent>;
