// Compiled policies by policy version id. A version is immutable, so a bundle rebuild that only
// changed a token or a grant reuses every plan (regex compilation is the expensive part).
import { type CompiledPolicy, compilePolicy, formatIssues, parsePolicy } from "@gatehouse/policy";
import type { BundlePolicy } from "@gatehouse/shared";

export class InvalidPolicyError extends Error {
  constructor(policy: BundlePolicy, details: string) {
    super(`Policy ${policy.id} version ${policy.versionNumber} (${policy.versionId}) is invalid: ${details}`);
  }
}

export class PolicyCache {
  private readonly plans = new Map<string, CompiledPolicy>();

  /** Throws InvalidPolicyError: the control plane validates on publish, so this means a bug. */
  get(policy: BundlePolicy): CompiledPolicy {
    const cached = this.plans.get(policy.versionId);
    if (cached) return cached;
    const parsed = parsePolicy(policy.document);
    if (!parsed.ok) throw new InvalidPolicyError(policy, formatIssues(parsed.errors));
    const plan = compilePolicy(parsed.document);
    this.plans.set(policy.versionId, plan);
    return plan;
  }

  /** Forgets versions no installed bundle refers to any more. */
  retainOnly(versionIds: ReadonlySet<string>): void {
    for (const id of this.plans.keys()) if (!versionIds.has(id)) this.plans.delete(id);
  }

  get size(): number {
    return this.plans.size;
  }
}
