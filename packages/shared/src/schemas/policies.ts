// The policy family of /api/v1 (API.md "Resources": /policies…): requests and responses. The
// document itself is validated by @gatehouse/policy (every error with its path), not here, so a
// body schema types it as unknown and the verb reports the engine's paths.
import { z } from "zod";
import { Timestamp } from "./api-common.ts";

const Name = z.string().trim().min(1, { message: "Give it a name." }).max(100);
const Note = z.string().trim().max(500);

export const PolicyVersionStatus = z.enum(["draft", "published", "shadow"]);
export type PolicyVersionStatus = z.infer<typeof PolicyVersionStatus>;

/** A version without its document: what lists and summaries show. */
export const PolicyVersionSummary = z
  .object({
    id: z.string(),
    number: z.number().int(),
    status: PolicyVersionStatus,
    /** The document's `mode` ("enforce" unless it says "shadow"). */
    mode: z.enum(["enforce", "shadow"]),
    note: z.string().nullable(),
    authorId: z.string().nullable(),
    createdAt: Timestamp,
    publishedAt: Timestamp.nullable(),
  })
  .meta({ id: "PolicyVersionSummary" });
export type PolicyVersionSummary = z.infer<typeof PolicyVersionSummary>;

export const PolicyVersionResponse = PolicyVersionSummary.extend({ policyId: z.string(), document: z.unknown() }).meta({ id: "PolicyVersion" });
export type PolicyVersionResponse = z.infer<typeof PolicyVersionResponse>;

export const PolicyResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    server: z.object({ id: z.string(), name: z.string() }),
    publishedVersion: PolicyVersionSummary.nullable(),
    latestVersion: PolicyVersionSummary.nullable(),
    versionCount: z.number().int(),
    grantCount: z.number().int(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: "Policy" });
export type PolicyResponse = z.infer<typeof PolicyResponse>;

/** One policy with the documents of its published and latest versions. */
export const PolicyDetailResponse = PolicyResponse.extend({
  published: PolicyVersionResponse.nullable(),
  latest: PolicyVersionResponse.nullable(),
}).meta({ id: "PolicyDetail" });
export type PolicyDetailResponse = z.infer<typeof PolicyDetailResponse>;

export const PolicyListQuery = z.object({ serverId: z.string().min(1).max(100).optional() });

export const UpdatePolicyInput = z.object({
  name: Name.optional(),
  description: z.string().max(500).nullable().optional(),
});
export type UpdatePolicyInput = z.input<typeof UpdatePolicyInput>;

export const CreatePolicyVersionInput = z.object({
  document: z.unknown(),
  /** Publish at once (the proxies enforce it on their next call); otherwise a draft. */
  publish: z.boolean().default(false),
  note: Note.optional(),
});
export type CreatePolicyVersionInput = z.input<typeof CreatePolicyVersionInput>;

export const PublishVersionInput = z.object({ note: Note.optional() });
export type PublishVersionInput = z.input<typeof PublishVersionInput>;

export const VersionParams = z.object({ id: z.string().min(1).max(100), number: z.coerce.number().int().min(1) });

export const PolicyDiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

export const PolicyChange = z.object({
  /** JSON path of the change, written as validation paths are (`tools.x.limits[0].max`; "" is the document). */
  path: z.string(),
  kind: z.enum(["added", "removed", "changed"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type PolicyChange = z.infer<typeof PolicyChange>;

export const PolicyDiffResponse = z
  .object({ from: PolicyVersionResponse, to: PolicyVersionResponse, changes: z.array(PolicyChange) })
  .meta({ id: "PolicyDiff" });
export type PolicyDiffResponse = z.infer<typeof PolicyDiffResponse>;

export const ValidatePolicyInput = z.object({ document: z.unknown() });
export const PolicyIssueView = z.object({ path: z.string(), message: z.string() });
export const ValidatePolicyResponse = z.object({ ok: z.boolean(), errors: z.array(PolicyIssueView) });
export type ValidatePolicyResponse = z.infer<typeof ValidatePolicyResponse>;

export const ImportPolicyInput = z.object({
  format: z.literal("intercept-yaml"),
  source: z.string().min(1, { message: "Paste the Intercept YAML." }).max(256 * 1024),
});
export type ImportPolicyInput = z.input<typeof ImportPolicyInput>;
export const ImportPolicyResponse = z.object({ document: z.unknown(), notCarried: z.array(z.string()) });
export type ImportPolicyResponse = z.infer<typeof ImportPolicyResponse>;

export const SimulatedCall = z.object({
  identityId: z.string().min(1).max(100).optional(),
  tool: z.string().min(1).max(200),
  arguments: z.record(z.string(), z.unknown()).default({}),
});
export type SimulatedCall = z.input<typeof SimulatedCall>;

export const SimulateInput = z
  .object({
    /** A draft to evaluate; else `version`; else the published version. */
    document: z.unknown().optional(),
    version: z.number().int().min(1).optional(),
    calls: z.array(SimulatedCall).max(100).optional(),
    replay: z
      .object({ from: z.coerce.date(), to: z.coerce.date(), limit: z.number().int().min(1).max(5000).default(1000) })
      .refine((r) => r.from <= r.to, { message: "`from` must not be after `to`.", path: ["to"] })
      .optional(),
  })
  .refine((v) => v.calls !== undefined || v.replay !== undefined, { message: "Send calls to simulate or a replay range.", path: ["calls"] });
export type SimulateInput = z.input<typeof SimulateInput>;

const DecisionView = z.object({
  outcome: z.enum(["allow", "deny", "approval_required"]),
  rule: z.string(),
  message: z.string(),
  shadow: z.object({ outcome: z.enum(["allow", "deny", "approval_required"]), rule: z.string(), message: z.string() }).nullable(),
  limits: z.array(z.object({ rule: z.string(), counter: z.string(), scope: z.string(), amount: z.number(), max: z.number(), window: z.string() })),
  /** `(invalid arguments)`, enforced or shadow: the argument paths that did not validate. */
  violationPaths: z.array(z.string()),
});

export const TraceStepView = z.object({
  stage: z.string(),
  rule: z.string(),
  fired: z.boolean(),
  reached: z.boolean(),
  decisive: z.boolean(),
  reason: z.string(),
  conditions: z.array(z.object({ path: z.string().nullable(), op: z.string(), value: z.unknown(), actual: z.array(z.unknown()), result: z.boolean() })).optional(),
  /** The `arguments` step that fired: the argument paths that did not validate. */
  violationPaths: z.array(z.string()).optional(),
});

export const SimulationResult = z.object({
  call: z.object({ identityId: z.string().nullable(), identityName: z.string().nullable(), tool: z.string(), arguments: z.record(z.string(), z.unknown()) }),
  decision: DecisionView,
  trace: z.array(TraceStepView),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

const ReplayExample = z.object({ decisionLogId: z.string(), createdAt: Timestamp, identityId: z.string().nullable(), identityName: z.string().nullable() });

export const ReplayReport = z.object({
  from: Timestamp,
  to: Timestamp,
  /** tools/call decisions found in the range (up to the limit). */
  scanned: z.number().int(),
  evaluated: z.number().int(),
  /** Of `evaluated`, the calls decided with their captured arguments (the server's argument capture). */
  evaluatedWithArguments: z.number().int(),
  /**
   * `off`: the server does not capture arguments; `on`: captured arguments were used where present;
   * `withheld`: the server captures, but the caller's role may not evaluate against argument values.
   */
  argumentCapture: z.enum(["off", "on", "withheld"]),
  changed: z.number().int(),
  unchanged: z.number().int(),
  /** Calls whose decision under the draft depends on argument values that were not captured. */
  notEvaluated: z.number().int(),
  truncated: z.boolean(),
  changes: z.array(
    z.object({
      tool: z.string(),
      before: z.string(),
      after: z.string(),
      /** The draft's deciding rule ("" for an allow no rule decided). */
      rule: z.string(),
      count: z.number().int(),
      examples: z.array(ReplayExample),
    }),
  ),
  notEvaluatedByTool: z.array(z.object({ tool: z.string(), count: z.number().int(), reason: z.string() })),
});
export type ReplayReport = z.infer<typeof ReplayReport>;

export const SimulateResponse = z
  .object({
    source: z.object({ kind: z.enum(["document", "version"]), number: z.number().int().nullable() }),
    results: z.array(SimulationResult),
    replay: ReplayReport.nullable(),
  })
  .meta({ id: "Simulation" });
export type SimulateResponse = z.infer<typeof SimulateResponse>;
