// Argument validation at the proxy: each server's tool inputSchemas (from the bundle) compiled
// once when the bundle is installed; the engine checks every call against them before `require`
// (packages/policy/src/argument-validation.ts). A schema that cannot be compiled — too big, too
// deep, a remote $ref, a pattern RE2 refuses — leaves that tool unvalidated with a warning; it
// never fails the install.
import { type ArgumentValidators, compileArgumentValidators, validatorWarnings } from "@gatehouse/policy";
import type { BundleServer } from "@gatehouse/shared";

// Compiled whatever the server's mode: a policy's `validate_arguments` may turn validation on for
// a tool of a server that has it off.
export function compileServerValidators(server: BundleServer): ArgumentValidators | null {
  if (!server.inputSchemas) return null;
  return compileArgumentValidators(server.argumentValidation ?? "enforce", server.inputSchemas);
}

/** Tools whose schema did not compile, for the install log. */
export function serverValidatorWarnings(validators: ArgumentValidators | null | undefined): Array<{ tool: string; warning: string }> {
  return validators ? validatorWarnings(validators) : [];
}
