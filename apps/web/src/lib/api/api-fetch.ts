// The dashboard's client for its own REST API (`/api/v1`, API.md). JSON in and out, the session
// cookie for authentication, and one failure type: every non-2xx answer, unreadable answer or
// network failure becomes an ApiError, so callers (react-query, forms, toasts) handle one shape.
import { ApiError, type ApiErrorCode } from "./api-error";

export const API_BASE = "/api/v1";

type QueryValue = string | number | boolean | null | undefined;

export type ApiFetchOptions = {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Appended as ?key=value; null and undefined are left out (so optional filters can be passed as is). */
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Origin to prefix (tests and server-side callers); the browser uses the page's own. */
  origin?: string;
};

/** `apiFetch<Server[]>("/servers")` → GET /api/v1/servers. Resolves to undefined on 204. */
export function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  return fetchJson<T>(`${API_BASE}${path}`, options);
}

/** The same contract for a route outside /api/v1 that answers in the error envelope (e.g. /api/dev/mailbox). */
export async function fetchJson<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const url = `${options.origin ?? ""}${path}${queryString(options.query)}`;
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  const init: RequestInit = { method: options.method ?? "GET", headers, credentials: "same-origin", cache: "no-store" };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    // A cancelled request is not a failure to report: react-query and callers expect the AbortError.
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: "network_error", message: "Could not reach Gatehouse. Check your connection and try again." });
  }

  const requestId = response.headers.get("x-request-id");
  if (response.status === 204) return undefined as T;
  const body = await readJson(response);

  if (response.ok) {
    if (body === INVALID) throw invalidResponse(response.status, requestId);
    return body as T;
  }
  const envelope = body === INVALID ? null : parseEnvelope(body);
  if (envelope) throw new ApiError({ status: response.status, ...envelope, requestId: envelope.requestId ?? requestId });
  // Not our envelope: a proxy's HTML 502, a crashed server. Say what happened without its body.
  throw new ApiError({
    status: response.status,
    code: response.status >= 500 ? "unavailable" : "invalid_response",
    message: response.status >= 500 ? "Gatehouse is not answering properly right now. Try again in a moment." : `Unexpected answer from Gatehouse (HTTP ${response.status}).`,
    requestId,
  });
}

const INVALID = Symbol("invalid");

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (!response.headers.get("content-type")?.includes("json")) return INVALID;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID;
  }
}

function parseEnvelope(body: unknown): { code: ApiErrorCode; message: string; requestId: string | null; details?: unknown } | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, requestId, details } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return null;
  return { code: code as ApiErrorCode, message, requestId: typeof requestId === "string" ? requestId : null, details };
}

function invalidResponse(status: number, requestId: string | null): ApiError {
  return new ApiError({ status, code: "invalid_response", message: "Gatehouse sent an answer the dashboard could not read. Reload the page.", requestId });
}

function queryString(query: ApiFetchOptions["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
