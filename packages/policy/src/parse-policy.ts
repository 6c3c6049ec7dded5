import { checkDocument } from "./check-document.ts";
import { precheckText, precheckValue } from "./precheck.ts";
import { PolicyDocument } from "./schema.ts";
import type { ParseResult as GenericParseResult, PolicyIssue } from "./types.ts";
import { translateZodIssues } from "./zod-issues.ts";

export type ParseResult = GenericParseResult<PolicyDocument>;

/** Validates JSON text or an already-parsed value; reports every error, never throws. */
export function parsePolicy(input: string | unknown): ParseResult {
  let value: unknown = input;
  if (typeof input === "string") {
    const tooBig = precheckText(input);
    if (tooBig) return { ok: false, errors: [tooBig] };
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, errors: [{ path: "", message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  }
  const hostile = precheckValue(value);
  if (hostile) return { ok: false, errors: [hostile] };
  if (typeof input !== "string") {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      return { ok: false, errors: [{ path: "", message: "document is not JSON-serialisable" }] };
    }
    const tooBig = text === undefined ? null : precheckText(text);
    if (tooBig) return { ok: false, errors: [tooBig] };
  }
  const parsed = PolicyDocument.safeParse(value);
  const errors = [...(parsed.success ? [] : translateZodIssues(parsed.error.issues, value)), ...checkDocument(value)];
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, document: parsed.data };
}

/** One "path: message" per line; the document root is shown as "(document)". */
export function formatIssues(issues: readonly PolicyIssue[]): string {
  return issues.map((i) => `${i.path === "" ? "(document)" : i.path}: ${i.message}`).join("\n");
}

function dedupe(issues: PolicyIssue[]): PolicyIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
