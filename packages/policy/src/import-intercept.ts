import { parse as parseYaml } from "yaml";
import { HARD_LIMITS } from "./hard-limits.ts";
import { type ConvertedRules, convertRules } from "./intercept-rules.ts";
import { formatIssues, parsePolicy } from "./parse-policy.ts";
import type { AllToolsRules, PolicyDocument, ToolRules } from "./schema.ts";
import type { PolicyIssue } from "./types.ts";

export type InterceptImport = { document: PolicyDocument | null; warnings: string[]; errors: PolicyIssue[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const TOP_KEYS = new Set(["version", "description", "default", "hide", "tools"]);

/**
 * Converts a PolicyLayer Intercept YAML policy into a Gatehouse document. `warnings` lists
 * what could not be carried over exactly and why; `errors` (Intercept-side paths, or the
 * converted document's validation issues) mean no document was produced.
 */
export function importIntercept(yamlText: string): InterceptImport {
  const warnings: string[] = [];
  const errors: PolicyIssue[] = [];
  const fail = (): InterceptImport => ({ document: null, warnings, errors });
  if (yamlText.length > HARD_LIMITS.maxDocumentChars) {
    errors.push({ path: "", message: `YAML is ${yamlText.length} characters; the limit is ${HARD_LIMITS.maxDocumentChars}` });
    return fail();
  }
  let root: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    root = parseYaml(yamlText, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    errors.push({ path: "", message: `not valid YAML: ${error instanceof Error ? error.message : String(error)}` });
    return fail();
  }
  if (!isObj(root)) {
    errors.push({ path: "", message: "an Intercept policy is a YAML mapping" });
    return fail();
  }
  for (const key of Object.keys(root)) if (!TOP_KEYS.has(key)) errors.push({ path: key, message: `unknown field "${key}"` });
  if (String(root.version) !== "1") errors.push({ path: "version", message: `version must be "1", got ${JSON.stringify(root.version)}` });
  const dflt = root.default ?? "allow";
  if (dflt !== "allow" && dflt !== "deny") errors.push({ path: "default", message: `default must be "allow" or "deny", got ${JSON.stringify(dflt)}` });
  if (root.description !== undefined) warnings.push("description: not carried over (a Gatehouse policy has no description; keep it in the policy's name)");

  const doc: PolicyDocument = { version: "1", default: dflt === "deny" ? "deny" : "allow" };
  if (root.hide !== undefined) {
    if (!Array.isArray(root.hide) || !root.hide.every((h) => typeof h === "string" && h !== "")) {
      errors.push({ path: "hide", message: "hide must be a list of tool names" });
    } else {
      doc.hide = root.hide as string[];
      for (const h of doc.hide) if (h !== "*" && h.includes("*")) warnings.push(`hide: "${h}" is a glob in Gatehouse (Intercept matched it literally)`);
    }
  }
  if (!isObj(root.tools)) {
    errors.push({ path: "tools", message: "tools must be a mapping of tool names to rules" });
    return fail();
  }
  const tools: Record<string, ToolRules> = {};
  let wildcard: ConvertedRules | null = null;
  let toolHasPredicates = false;
  for (const [name, entry] of Object.entries(root.tools)) {
    const base = `tools.${name}`;
    if (entry !== null && !isObj(entry)) {
      errors.push({ path: base, message: "a tool entry is a mapping with rules" });
      continue;
    }
    for (const key of Object.keys(entry ?? {})) if (key !== "rules") errors.push({ path: `${base}.${key}`, message: `unknown field "${key}"` });
    const converted = convertRules(name, entry?.rules, `${base}.rules`, warnings, errors);
    if (name === "*") {
      wildcard = converted;
      continue;
    }
    if (name.includes("*")) warnings.push(`${base}: "${name}" is a glob in Gatehouse (Intercept matched it literally)`);
    toolHasPredicates ||= converted.require.length + converted.deny_if.length > 0;
    tools[name] = compact(converted);
  }
  if (wildcard) {
    doc.all_tools = compact(wildcard) as AllToolsRules;
    if (toolHasPredicates && wildcard.require.length + wildcard.deny_if.length > 0) {
      warnings.push('tools.*: Gatehouse checks all_tools rules before tool rules (Intercept checks "*" last); a call failing both reports the all_tools rule');
    }
  }
  doc.tools = tools;
  if (errors.length > 0) return fail();
  const parsed = parsePolicy(doc);
  if (!parsed.ok) {
    errors.push(...parsed.errors);
    warnings.push(`the converted document is not valid:\n${formatIssues(parsed.errors)}`);
    return fail();
  }
  return { document: parsed.document, warnings, errors };
}

function compact(r: ConvertedRules): ToolRules {
  const out: ToolRules = {};
  if (r.require.length > 0) out.require = r.require;
  if (r.deny_if.length > 0) out.deny_if = r.deny_if;
  if (r.approve_if.length > 0) out.approve_if = r.approve_if;
  if (r.limits.length > 0) out.limits = r.limits;
  return out;
}
