// POST /policies/validate and POST /policies/import: pure checks with the engine, nothing stored.
import { importIntercept, parsePolicy } from "@gatehouse/policy";
import { ImportPolicyInput, type ImportPolicyResponse, type ValidatePolicyResponse, validationFailed } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";

/** Every error of the document with its path; `ok` when there is none. */
export function checkPolicyDocument(ctx: ServiceContext, input: { document: unknown }): ValidatePolicyResponse {
  requirePermission(ctx, "read");
  const parsed = parsePolicy(input.document);
  return parsed.ok ? { ok: true, errors: [] } : { ok: false, errors: parsed.errors };
}

/**
 * An Intercept YAML policy converted to a Gatehouse document, with the list of what could not be
 * carried over exactly. A source that cannot be converted is a 400 naming each problem.
 */
export function importPolicy(ctx: ServiceContext, input: ImportPolicyInput): ImportPolicyResponse {
  requirePermission(ctx, "policies:write");
  const data = ImportPolicyInput.parse(input);
  const result = importIntercept(data.source);
  if (result.document === null || result.errors.length > 0) {
    throw validationFailed("The Intercept policy could not be converted.", result.errors.length > 0 ? result.errors : [{ path: "source", message: "Nothing to convert." }]);
  }
  return { document: result.document, notCarried: result.warnings };
}
