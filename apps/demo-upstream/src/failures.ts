// Failure plans set through POST /__fail or `fail()`: the next `count` matching tool calls
// fail in the given way, so the proxy's quota rollback and error mapping can be tested
// against every way an upstream call goes wrong.
import { z } from "zod";

export const FAIL_MODES = ["http_500", "jsonrpc_error", "is_error", "hang", "close"] as const;
export type FailMode = (typeof FAIL_MODES)[number];

export const FailurePlanSchema = z.strictObject({
  mode: z.enum(FAIL_MODES),
  count: z.number().int().min(1).max(10_000).default(1),
  /** Only calls to this tool match; every tool call matches when absent. */
  tool: z.string().min(1).optional(),
});
/** `count` defaults to 1. */
export type FailurePlan = z.input<typeof FailurePlanSchema>;

interface ActivePlan {
  mode: FailMode;
  remaining: number;
  tool: string | undefined;
}

export class FailureInjector {
  // Plans are consumed in the order they were added, so a test can queue "first a 500, then
  // a hang" for the same tool.
  private plans: ActivePlan[] = [];

  add(plan: FailurePlan): void {
    const parsed = FailurePlanSchema.parse(plan);
    this.plans.push({ mode: parsed.mode, remaining: parsed.count, tool: parsed.tool });
  }

  /** Consumes one failure for a call to `tool`, if a plan matches. */
  take(tool: string): FailMode | undefined {
    const plan = this.plans.find((p) => p.tool === undefined || p.tool === tool);
    if (!plan) return undefined;
    plan.remaining -= 1;
    if (plan.remaining === 0) this.plans = this.plans.filter((p) => p !== plan);
    return plan.mode;
  }

  reset(): void {
    this.plans = [];
  }
}
