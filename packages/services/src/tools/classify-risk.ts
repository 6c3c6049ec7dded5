// Risk classification of one tool definition: a category (what the tool does), a level (how bad
// a misuse is) and signals naming the argument that raised each (what an agent could smuggle
// through it). Pure: the same definition always classifies the same, in discovery, in the
// starter policy and in tests. Follows PolicyLayer's catalogue: reads are low, plain writes
// medium, destructive and financial tools high or critical; signals never lift a plain write
// above medium on their own.
import type { RiskCategory, RiskLevel, RiskSignal } from "@gatehouse/shared";

export type ToolDefinition = {
  name: string;
  title?: string | null | undefined;
  description?: string | null | undefined;
  inputSchema?: unknown;
  annotations?: unknown;
};

export type RiskClassification = { category: RiskCategory; level: RiskLevel; signals: RiskSignal[] };

const DESTRUCTIVE = /^(delete|remove|drop|destroy|purge|wipe|truncate|erase|revoke|terminate|kill|uninstall|deprovision)$/;
const FINANCIAL = /^(pay|payment|payments|refund|refunds|charge|charges|invoice|invoices|payout|payouts|transfer|withdraw|withdrawal|deposit|purchase|buy|checkout|billing|subscription|subscribe|wire)$/;
const EXECUTE = /^(exec|execute|run|shell|eval|evaluate|script|bash|sh|spawn|invoke|sql)$/;
const READ = /^(get|list|read|search|fetch|find|describe|show|view|lookup|query|count|check|inspect|stat|status|download|export|browse|retrieve|head)$/;
const WRITE = /^(create|update|set|edit|add|send|post|put|write|upload|generate|cancel|modify|patch|insert|upsert|move|rename|copy|start|stop|restart|enable|disable|approve|reject|assign|publish|submit|schedule|book|reply|comment|merge|close|open|archive|import|sync|save|make|change|replace|reset)$/;

/** Words of a snake_case, kebab-case or camelCase name. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

type Annotations = { readOnlyHint?: boolean; destructiveHint?: boolean; openWorldHint?: boolean };

function annotationsOf(value: unknown): Annotations {
  if (typeof value !== "object" || value === null) return {};
  const a = value as Record<string, unknown>;
  const out: Annotations = {};
  if (typeof a.readOnlyHint === "boolean") out.readOnlyHint = a.readOnlyHint;
  if (typeof a.destructiveHint === "boolean") out.destructiveHint = a.destructiveHint;
  if (typeof a.openWorldHint === "boolean") out.openWorldHint = a.openWorldHint;
  return out;
}

type Property = { path: string; key: string; type: string | undefined; format: string | undefined; description: string };

/** The input schema's properties, one level of nesting (and array items) deep. */
function propertiesOf(schema: unknown, prefix = "", depth = 0): Property[] {
  if (typeof schema !== "object" || schema === null || depth > 2) return [];
  const props = (schema as { properties?: unknown }).properties;
  if (typeof props !== "object" || props === null) return [];
  const out: Property[] = [];
  for (const [key, raw] of Object.entries(props as Record<string, unknown>)) {
    if (typeof raw !== "object" || raw === null) continue;
    const p = raw as { type?: unknown; format?: unknown; description?: unknown; items?: unknown };
    const path = prefix ? `${prefix}.${key}` : key;
    out.push({
      path,
      key: key.toLowerCase(),
      type: typeof p.type === "string" ? p.type : undefined,
      format: typeof p.format === "string" ? p.format : undefined,
      description: typeof p.description === "string" ? p.description.toLowerCase() : "",
    });
    out.push(...propertiesOf(raw, path, depth + 1));
    if (typeof p.items === "object" && p.items !== null) out.push(...propertiesOf(p.items, `${path}[*]`, depth + 1));
  }
  return out;
}

const endsWithWord = (key: string, words: RegExp) => nameWords(key).some((w) => words.test(w));

/** Each signal an argument raises, with the argument's path and a reason a person can read. */
function argumentSignals(properties: Property[]): RiskSignal[] {
  const signals: RiskSignal[] = [];
  const add = (kind: RiskSignal["kind"], argument: string, reason: string) => {
    if (!signals.some((s) => s.kind === kind && s.argument === argument)) signals.push({ kind, argument, reason });
  };
  for (const p of properties) {
    const words = nameWords(p.key);
    const last = words[words.length - 1] ?? "";
    if (["uri", "url", "iri"].includes(p.format ?? "") || /^(url|uri|urls|endpoint|webhook|callback|href|link|hook)$/.test(last) || words.includes("webhook")) {
      add("url", p.path, `Accepts URL/endpoint input (${p.path})`);
    } else if (/^(path|paths|file|filename|filepath|dir|directory|folder)$/.test(last)) {
      add("file_path", p.path, `Accepts a file path (${p.path})`);
    }
    if (words.some((w) => /^(html|template|markup|jinja|handlebars|mustache)$/.test(w)) || /\b(raw html|html template|template string)\b/.test(p.description)) {
      add("html_template", p.path, `Accepts raw HTML or a template (${p.path})`);
    }
    if (words.some((w) => /^(sql|command|cmd|shell|script|bash|code)$/.test(w)) || /\b(sql|shell command|bash)\b/.test(p.description)) {
      add("code", p.path, `Accepts SQL or shell text (${p.path})`);
    }
    if ((p.type === "number" || p.type === "integer" || p.type === "string") && endsWithWord(p.key, /^(amount|price|cost|fee|total|sum|balance|currency)$/)) {
      add("money_amount", p.path, `Accepts a money amount (${p.path})`);
    }
    if (words.some((w) => /^(password|passwd|secret|token|apikey|credential|credentials|privatekey)$/.test(w)) || /api_?key|private_?key|access_?key/.test(p.key)) {
      add("credentials", p.path, `Accepts credentials or secrets (${p.path})`);
    }
    if (p.format === "email" || /^(to|cc|bcc|recipient|recipients|email|emails)$/.test(last)) {
      add("email_recipient", p.path, `Accepts an email recipient (${p.path})`);
    }
  }
  return signals;
}

function categorize(words: string[], description: string, annotations: Annotations, signals: RiskSignal[]): RiskCategory {
  if (annotations.destructiveHint === true && annotations.readOnlyHint !== true) return "destructive";
  if (words.some((w) => FINANCIAL.test(w))) return "financial";
  if (words.some((w) => DESTRUCTIVE.test(w))) return "destructive";
  if (words.some((w) => EXECUTE.test(w)) || (signals.some((s) => s.kind === "code") && annotations.readOnlyHint !== true)) return "execute";
  if (annotations.readOnlyHint === true) return "read";
  // The verb is usually the first word after a product prefix (flux_get_task → get).
  const verb = words.find((w) => READ.test(w) || WRITE.test(w));
  if (verb && READ.test(verb) && annotations.readOnlyHint !== false) return "read";
  if (verb && WRITE.test(verb)) return "write";
  if (signals.some((s) => s.kind === "money_amount") && /\b(pay|charge|refund|transfer|invoice)/.test(description)) return "financial";
  if (annotations.readOnlyHint === false) return "write";
  return "other";
}

const SEVERE: RiskSignal["kind"][] = ["code", "credentials"];

function levelOf(category: RiskCategory, signals: RiskSignal[], annotations: Annotations): RiskLevel {
  const severe = signals.some((s) => SEVERE.includes(s.kind));
  switch (category) {
    case "read":
      return severe ? "medium" : "low";
    case "write":
      return "medium";
    case "execute":
      return severe ? "critical" : "high";
    case "destructive":
      return severe || annotations.openWorldHint === true ? "critical" : "high";
    case "financial":
      return signals.some((s) => s.kind === "money_amount") ? "critical" : "high";
    default:
      return signals.length > 0 ? "medium" : "low";
  }
}

export function classifyTool(tool: ToolDefinition): RiskClassification {
  const annotations = annotationsOf(tool.annotations);
  const words = nameWords(tool.name);
  const description = `${tool.title ?? ""} ${tool.description ?? ""}`.toLowerCase();
  const signals = argumentSignals(propertiesOf(tool.inputSchema));
  const category = categorize(words, description, annotations, signals);
  return { category, level: levelOf(category, signals, annotations), signals };
}
