// The MCP methods a client may send, by protocol version (the specification's ClientRequest and
// ClientNotification unions). Only these are forwarded, matched exactly: a method the upstream
// might accept under another spelling ("Tools/Call", "tools/call ") or an extension the proxy
// cannot evaluate would otherwise reach the upstream unevaluated. Everything else is answered
// locally with -32601.
const BASE_REQUESTS = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/templates/list",
  "resources/read",
  "resources/subscribe",
  "resources/unsubscribe",
  "prompts/list",
  "prompts/get",
  "logging/setLevel",
  "completion/complete",
];
const BASE_NOTIFICATIONS = ["notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed"];

type MethodSet = { requests: ReadonlySet<string>; notifications: ReadonlySet<string> };

const V2024: MethodSet = { requests: new Set(BASE_REQUESTS), notifications: new Set(BASE_NOTIFICATIONS) };
// 2025-11-25 adds tasks (a tools/call may run as a task; its result is fetched with tasks/result).
const V2025_11: MethodSet = {
  requests: new Set([...BASE_REQUESTS, "tasks/get", "tasks/result", "tasks/list", "tasks/cancel"]),
  notifications: new Set([...BASE_NOTIFICATIONS, "notifications/tasks/status"]),
};

const BY_VERSION: Record<string, MethodSet> = {
  "2024-10-07": V2024,
  "2024-11-05": V2024,
  "2025-03-26": V2024,
  "2025-06-18": V2024,
  "2025-11-25": V2025_11,
};
/** What a request without MCP-Protocol-Version is taken to speak (the transport spec's rule). */
const DEFAULT_VERSION = "2025-03-26";

/**
 * The method set for a request: initialize names its version in params, later requests in the
 * MCP-Protocol-Version header. An unknown (newer) version gets the latest set; the upstream
 * refuses versions it does not speak itself.
 */
export function methodsFor(headerVersion: string | string[] | undefined): MethodSet {
  if (typeof headerVersion !== "string" || headerVersion === "") return BY_VERSION[DEFAULT_VERSION] as MethodSet;
  return BY_VERSION[headerVersion] ?? V2025_11;
}

export type MethodVerdict = { ok: true } | { ok: false; code: -32600 | -32601; reason: string };

/** Shown in messages and logs: the client's method text, bounded and quoted. */
/** A method name as logs and messages show it: at most 80 characters. */
export function shortMethod(method: string): string {
  return method.length > 80 ? `${method.slice(0, 80)}…` : method;
}

/** shortMethod, quoted (and escaped) for an error message. */
export function quoteMethod(method: string): string {
  return JSON.stringify(shortMethod(method));
}

export function checkRequestMethod(methods: MethodSet, method: string): MethodVerdict {
  if (methods.requests.has(method)) return { ok: true };
  if (methods.notifications.has(method)) return { ok: false, code: -32601, reason: `${quoteMethod(method)} is a notification, not a request` };
  return { ok: false, code: -32601, reason: `method ${quoteMethod(method)} is not an MCP method this proxy forwards` };
}

export function checkNotificationMethod(methods: MethodSet, method: string): MethodVerdict {
  if (methods.notifications.has(method)) return { ok: true };
  // A request without an id would run upstream with nobody to answer (and, for tools/call,
  // without the result the quota settles on): refused, never forwarded.
  if (methods.requests.has(method)) return { ok: false, code: -32600, reason: `${quoteMethod(method)} is a request and must carry an id` };
  return { ok: false, code: -32601, reason: `notification ${quoteMethod(method)} is not an MCP notification this proxy forwards` };
}
