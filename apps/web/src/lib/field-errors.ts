// Field errors for forms, from either side of the wire: a zod schema's issues (validated in the
// browser or in a server action) or the API's `validation_failed` details. Both become
// `{ "<path>": ["message", …] }` keyed by the same path text the API uses
// (`tools.flux_edit_image.limits[0].max`), so a FormField named with that path shows its message
// wherever the check ran. Issues without a path (the whole form) are kept under FORM_ERROR.
import { ApiError } from "./api/api-error";

export type FieldErrors = Record<string, string[]>;

/** The key for errors about the whole form rather than one field. */
export const FORM_ERROR = "";

type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

/** ["tools", "x", "limits", 0, "max"] → "tools.x.limits[0].max" (API.md's path notation). */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

function add(errors: FieldErrors, path: string, message: string): void {
  const list = errors[path] ?? [];
  if (!list.includes(message)) list.push(message);
  errors[path] = list;
}

/** From zod: `fieldErrorsFromIssues(result.error.issues)`. */
export function fieldErrorsFromIssues(issues: readonly Issue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) add(errors, formatPath(issue.path), issue.message);
  return errors;
}

/** From the API: the `details` of a `validation_failed` error, `[{ path, message }]`. */
export function fieldErrorsFromDetails(details: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) add(errors, detail.path, detail.message);
  return errors;
}

/**
 * Whatever a form's submit threw → field errors to show. A validation error maps to its fields
 * (or to FORM_ERROR when it names none); any other error becomes a form-level message.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (error instanceof ApiError) {
    const details = error.fieldDetails;
    if (error.code === "validation_failed" && details.length > 0) return fieldErrorsFromDetails(details);
    return { [FORM_ERROR]: [error.message] };
  }
  if (isZodLike(error)) return fieldErrorsFromIssues(error.issues);
  return { [FORM_ERROR]: ["Something went wrong. Try again."] };
}

function isZodLike(error: unknown): error is { issues: Issue[] } {
  return typeof error === "object" && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}
