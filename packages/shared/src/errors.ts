// One error envelope for the REST API and server actions: `{ error: { code, message, requestId } }`.
// `code` is stable and documented; `message` is written for the caller. Internal details (stack,
// SQL, upstream bodies) never go in it.
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorEnvelope = {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);
export const forbidden = (message = "Your role does not allow this.") => new AppError("forbidden", message);
export const conflict = (message: string) => new AppError("conflict", message);

/** One field-level problem: `path` in the dotted form API.md shows (`tools.x.limits[0].max`). */
export type ValidationDetail = { path: string; message: string };

export const validationFailed = (message: string, details: ValidationDetail[]) => new AppError("validation_failed", message, details);

/** `["tools", "x", "limits", 0, "max"]` → `tools.x.limits[0].max` */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A ZodError-like value (anything with `issues: [{ path, message }]`) as field-level details. */
export function zodIssuesToDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ValidationDetail[] {
  return issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/** Structural check instead of `instanceof`: bundlers may load two copies of zod. */
export function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ZodError" && Array.isArray((error as { issues?: unknown }).issues);
}

export function toErrorEnvelope(error: unknown, requestId: string): { status: number; body: ErrorEnvelope } {
  // A verb's input schema refusing its input is the caller's mistake, not ours: 400 with paths.
  if (isZodError(error)) {
    const details = zodIssuesToDetails(error.issues);
    return { status: 400, body: { error: { code: "validation_failed", message: "The request is not valid.", requestId, details } } };
  }
  if (error instanceof AppError) {
    const body: ErrorEnvelope = { error: { code: error.code, message: error.message, requestId } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on our side.", requestId } },
  };
}

/**
 * The envelope as a web-standard Response (route handlers, framework-free handlers). A 401 says
 * how to authenticate; errors that are not AppErrors are logged here, since their message never
 * reaches the client.
 */
export function errorResponse(error: unknown, requestId: string, headers: Record<string, string> = {}, status?: number): Response {
  if (!(error instanceof AppError) && !isZodError(error)) console.error(`[gatehouse] ${requestId} unhandled error`, error);
  const envelope = toErrorEnvelope(error, requestId);
  const out: Record<string, string> = { "x-request-id": requestId, ...headers };
  if (envelope.status === 401) out["www-authenticate"] = "Bearer";
  return Response.json(envelope.body, { status: status ?? envelope.status, headers: out });
}
