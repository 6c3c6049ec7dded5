// What the dashboard's client code catches from the API: the error envelope of API.md
// (`{ error: { code, message, requestId, details? } }`) as a typed Error, plus two codes of our
// own for failures that never reached an envelope (`network_error`, `invalid_response`).
import type { ErrorCode } from "@gatehouse/shared";

export type ApiErrorCode = ErrorCode | "network_error" | "invalid_response";

/** One entry of a `validation_failed` error's details: `{ path: "tools.x.limits[0].max", message }`. */
export type ApiErrorDetail = { path: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly requestId: string | null;
  readonly details: unknown;

  constructor(init: { status: number; code: ApiErrorCode; message: string; requestId?: string | null; details?: unknown }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
  }

  /** The `[{ path, message }]` details of a validation error; entries of any other shape are dropped. */
  get fieldDetails(): ApiErrorDetail[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (entry): entry is ApiErrorDetail => typeof entry === "object" && entry !== null && typeof entry.path === "string" && typeof entry.message === "string",
    );
  }
}

/**
 * A sentence to show a person for any caught error. API errors carry a message written for them;
 * anything else (a bug, a browser quirk) gets a generic sentence rather than a stack-trace text.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Something went wrong. Try again.";
}
