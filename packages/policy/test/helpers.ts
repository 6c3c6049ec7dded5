import { compilePolicy, type EvalContext, formatIssues, parsePolicy } from "../src/index.ts";
import type { CompiledPolicy } from "../src/index.ts";

/** 2025-01-06 is a Monday; 14:30 UTC. */
export const MONDAY_1430 = Date.UTC(2025, 0, 6, 14, 30);

export function makeContext(overrides: Partial<EvalContext> = {}): EvalContext {
  return {
    orgId: "org_1",
    identity: { id: "idn_1", name: "support-bot", kind: "agent", labels: { team: "support" } },
    grant: { id: "grt_1" },
    server: { id: "srv_1", name: "billing" },
    now: MONDAY_1430,
    ...overrides,
  };
}

/** Parses and compiles, failing the test with the validation messages if the document is invalid. */
export function plan(doc: unknown): CompiledPolicy {
  const parsed = parsePolicy(doc);
  if (!parsed.ok) throw new Error(`fixture policy is invalid:\n${formatIssues(parsed.errors)}`);
  return compilePolicy(parsed.document);
}

export const denyMsg = {
  hidden: (t: string) => `Tool "${t}" was denied by (hidden): this policy hides the tool.`,
  defaultDeny: (t: string) => `Tool "${t}" was denied by (default deny): the policy does not list this tool and denies unlisted tools.`,
  noPolicy: (t: string) => `Tool "${t}" was denied by (no policy): this grant has no policy, so every call is refused.`,
  require: (t: string, rule: string) => `Tool "${t}" was denied by ${rule}: a required condition does not hold for these arguments.`,
  denyIf: (t: string, rule: string) => `Tool "${t}" was denied by ${rule}: the call matches a deny condition.`,
  approval: (t: string, rule: string) => `Tool "${t}" needs a human approval (${rule}) before it runs.`,
  increment: (t: string, rule: string, path: string) =>
    `Tool "${t}" was denied by ${rule}: ${path} must be a finite number ≥ 0 because it is counted against this limit.`,
};
