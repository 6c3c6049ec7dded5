// What a server-action form returns to re-render itself (useActionState): a form-level message,
// messages per field (lib/field-errors), and the values to put back in the fields — React resets
// a form after its action runs, so anything not returned here is wiped from the screen.
import type { FieldErrors } from "./field-errors";

export type FormState = {
  error?: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
};

/** The named text fields of a submitted form, to hand back in FormState.values. Never pass secrets. */
export function keepValues(form: FormData, names: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value;
  }
  return values;
}
