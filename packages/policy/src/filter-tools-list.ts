import { findTool, isHidden } from "./evaluate.ts";
import type { CompiledPolicy } from "./plan.ts";

/**
 * The tools an agent may see. No policy means every call is refused, so nothing is shown.
 * Shadow mode shows everything because it must not change what the agent experiences.
 * `list: "callable"` also drops tools that no call could ever pass: unlisted under
 * default deny, or refused unconditionally (an empty deny_if, a +1 limit with max < 1).
 */
export function filterToolsList<T extends { name: string }>(plan: CompiledPolicy | null, tools: T[]): T[] {
  if (plan === null) return [];
  if (plan.shadow) return tools.slice();
  return tools.filter((tool) => {
    if (isHidden(plan, tool.name)) return false;
    if (!plan.listCallable) return true;
    const entry = findTool(plan, tool.name) ?? (plan.defaultAllow ? plan.unlisted : null);
    return entry !== null && !entry.neverAllowed;
  });
}
