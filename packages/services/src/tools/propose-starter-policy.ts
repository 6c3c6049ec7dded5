// The starter policy proposed from the tools' risk (issue 9): reads allowed, writes allowed at 30
// a minute per grant, destructive tools hidden, financial and execute tools behind an approval,
// and every URL argument refused when it points at a private host. Default deny, so a tool that
// appears later is refused until someone decides about it. A draft: the user edits it before
// publishing, and it validates against the policy language as proposed.
import type { RiskCategory, RiskLevel, RiskSignal } from "@gatehouse/shared";

export type ClassifiedTool = { name: string; riskCategory: RiskCategory; riskLevel: RiskLevel; riskSignals: RiskSignal[] };

// RE2-compatible (the engine runs tenant regexes in linear time): loopback, RFC 1918, link-local,
// CGNAT, IPv6 literals and bare "localhost"/".internal" names, as http(s) URLs.
export const PRIVATE_URL_REGEX =
  "^(?i)[a-z][a-z0-9+.-]*://([^/@]*@)?(localhost|[^/:]*\\.localhost|[^/:]*\\.internal|127\\.|10\\.|0\\.|192\\.168\\.|169\\.254\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|100\\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\\.|\\[)";

type ToolRule = Record<string, unknown>;

export function proposeStarterPolicy(tools: ClassifiedTool[]) {
  const hide: string[] = [];
  const rules: Record<string, ToolRule> = {};
  const rationale: { tool: string; category: RiskCategory; level: RiskLevel; rule: string }[] = [];
  for (const tool of [...tools].sort((a, b) => a.name.localeCompare(b.name))) {
    const rule: ToolRule = {};
    let said: string;
    switch (tool.riskCategory) {
      case "destructive":
        hide.push(tool.name);
        rationale.push({ tool: tool.name, category: tool.riskCategory, level: tool.riskLevel, rule: "Hidden: destructive tools are not offered to agents." });
        continue;
      case "financial":
      case "execute":
        rule.approve_if = [{ id: "always", conditions: [] }];
        said = "Allowed after a person approves each call.";
        break;
      case "write":
        rule.limits = [{ counter: `${tool.name}_rate`, window: "minute", max: 30, scope: "grant" }];
        said = "Allowed, 30 calls a minute per grant.";
        break;
      case "read":
        said = "Allowed.";
        break;
      default:
        rule.limits = [{ counter: `${tool.name}_rate`, window: "minute", max: 30, scope: "grant" }];
        said = "Allowed, 30 calls a minute per grant (unclassified: review it).";
    }
    const urlArguments = tool.riskSignals.filter((s) => s.kind === "url" && s.argument && !s.argument.includes("[*]")).map((s) => s.argument as string);
    if (urlArguments.length > 0) {
      rule.deny_if = urlArguments.map((argument) => ({
        id: `private-host-${argument.replace(/[^a-zA-Z0-9_-]/g, "-")}`,
        conditions: [{ path: `args.${argument}`, op: "regex", value: PRIVATE_URL_REGEX }],
        on_deny: `${argument} may not point at a private or local address.`,
      }));
      said += ` URLs in ${urlArguments.join(", ")} may not point at private hosts.`;
    }
    rules[tool.name] = rule;
    rationale.push({ tool: tool.name, category: tool.riskCategory, level: tool.riskLevel, rule: said });
  }
  const document: Record<string, unknown> = { version: "1", default: "deny" };
  if (hide.length > 0) document.hide = hide;
  document.tools = rules;
  return { document, rationale };
}
