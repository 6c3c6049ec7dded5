// The agent reads these (after the proxy's "[POLICY DENIED]" prefix) to decide what to do
// next, so each names the tool and the rule that decided, and says what would change it.

const q = (name: string) => JSON.stringify(name);

export const messages = {
  noPolicy: (tool: string) => `Tool ${q(tool)} was denied by (no policy): this grant has no policy, so every call is refused.`,
  hidden: (tool: string) => `Tool ${q(tool)} was denied by (hidden): this policy hides the tool.`,
  defaultDeny: (tool: string) => `Tool ${q(tool)} was denied by (default deny): the policy does not list this tool and denies unlisted tools.`,
  action: (tool: string, rule: string) => `Tool ${q(tool)} was denied by ${rule}: the policy refuses every call of this tool.`,
  require: (tool: string, rule: string) => `Tool ${q(tool)} was denied by ${rule}: a required condition does not hold for these arguments.`,
  denyIf: (tool: string, rule: string) => `Tool ${q(tool)} was denied by ${rule}: the call matches a deny condition.`,
  approval: (tool: string, rule: string) => `Tool ${q(tool)} needs a human approval (${rule}) before it runs.`,
  badIncrement: (tool: string, rule: string, path: string) =>
    `Tool ${q(tool)} was denied by ${rule}: ${path} must be a finite number ≥ 0 because it is counted against this limit.`,
};
