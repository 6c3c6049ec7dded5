// The edit-server form's values → a PATCH /servers/{id} body holding only what changed, checked
// with the API's own schema (UpdateServerInput) first. Errors come back keyed by the form's field
// names (an origin's error at the origins box, a header's at the header fields), so the API's
// `validation_failed` details and the browser's own checks land at the same field.
import { type ServerResponse, UpdateServerInput } from "@gatehouse/shared";
import { FORM_ERROR, type FieldErrors, fieldErrorsFromIssues } from "../../../../lib/field-errors";

export type CredentialChoice = "keep" | "headers" | "oauth" | "remove";

export type ServerFormValues = {
  name: string;
  description: string;
  upstreamUrl: string;
  credential: CredentialChoice;
  headerName: string;
  headerValue: string;
  oauthTokenUrl: string;
  oauthClientId: string;
  oauthClientSecret: string;
  oauthScope: string;
  oauthAudience: string;
  connectTimeoutMs: string;
  headersTimeoutMs: string;
  bodyTimeoutMs: string;
  maxBodyKib: string;
  allowedOrigins: string;
  onToolChange: ServerResponse["onToolChange"];
  argumentValidation: ServerResponse["argumentValidation"];
  enabled: boolean;
};

export type ServerPatch = Omit<UpdateServerInput, "serverId">;

/** The limits of UpdateServerInput, said in the form's units. */
const NUMBERS = {
  connectTimeoutMs: { min: 100, max: 60_000, message: "Enter whole milliseconds from 100 to 60000." },
  headersTimeoutMs: { min: 100, max: 600_000, message: "Enter whole milliseconds from 100 to 600000." },
  bodyTimeoutMs: { min: 100, max: 3_600_000, message: "Enter whole milliseconds from 100 to 3600000." },
  maxBodyKib: { min: 1, max: 64 * 1024, message: "Enter whole KiB from 1 to 65536 (64 MiB)." },
} as const;

export function formValuesOf(server: ServerResponse): ServerFormValues {
  return {
    name: server.name,
    description: server.description ?? "",
    upstreamUrl: server.upstreamUrl,
    credential: "keep",
    headerName: "",
    headerValue: "",
    oauthTokenUrl: "",
    oauthClientId: "",
    oauthClientSecret: "",
    oauthScope: "",
    oauthAudience: "",
    connectTimeoutMs: String(server.connectTimeoutMs),
    headersTimeoutMs: String(server.headersTimeoutMs),
    bodyTimeoutMs: String(server.bodyTimeoutMs),
    maxBodyKib: String(Math.round(server.maxBodyBytes / 1024)),
    allowedOrigins: server.allowedOrigins.join("\n"),
    onToolChange: server.onToolChange,
    argumentValidation: server.argumentValidation,
    enabled: server.enabled,
  };
}

export function buildServerPatch(server: ServerResponse, v: ServerFormValues): { ok: true; patch: ServerPatch } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const numbers: Partial<Record<keyof typeof NUMBERS, number>> = {};
  for (const [field, rule] of Object.entries(NUMBERS) as [keyof typeof NUMBERS, (typeof NUMBERS)[keyof typeof NUMBERS]][]) {
    const text = v[field].trim();
    const value = Number(text);
    if (text === "" || !Number.isInteger(value) || value < rule.min || value > rule.max) errors[field] = [rule.message];
    else numbers[field] = value;
  }

  const patch: ServerPatch = {};
  const name = v.name.trim();
  if (name !== server.name) patch.name = name;
  const description = v.description.trim();
  if (description !== (server.description ?? "")) patch.description = description === "" ? null : description;
  const url = v.upstreamUrl.trim();
  if (url !== server.upstreamUrl) patch.upstreamUrl = url;
  if (numbers.connectTimeoutMs !== undefined && numbers.connectTimeoutMs !== server.connectTimeoutMs) patch.connectTimeoutMs = numbers.connectTimeoutMs;
  if (numbers.headersTimeoutMs !== undefined && numbers.headersTimeoutMs !== server.headersTimeoutMs) patch.headersTimeoutMs = numbers.headersTimeoutMs;
  if (numbers.bodyTimeoutMs !== undefined && numbers.bodyTimeoutMs !== server.bodyTimeoutMs) patch.bodyTimeoutMs = numbers.bodyTimeoutMs;
  if (numbers.maxBodyKib !== undefined && numbers.maxBodyKib * 1024 !== server.maxBodyBytes) patch.maxBodyBytes = numbers.maxBodyKib * 1024;
  const origins = v.allowedOrigins
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter((o) => o !== "");
  if (origins.join("\n") !== server.allowedOrigins.join("\n")) patch.allowedOrigins = origins;
  if (v.onToolChange !== server.onToolChange) patch.onToolChange = v.onToolChange;
  if (v.argumentValidation !== server.argumentValidation) patch.argumentValidation = v.argumentValidation;
  if (v.enabled !== server.enabled) patch.enabled = v.enabled;

  if (v.credential === "remove") patch.upstreamAuth = null;
  if (v.credential === "headers") {
    if (v.headerName.trim() === "") errors.headerName = ["Enter the header name, e.g. Authorization."];
    if (v.headerValue === "") errors.headerValue = ["Enter the value; it replaces the stored one."];
    patch.upstreamAuth = { headers: { [v.headerName.trim()]: v.headerValue } };
  }
  if (v.credential === "oauth") {
    const optional = (text: string) => (text.trim() === "" ? undefined : text.trim());
    const scope = optional(v.oauthScope);
    const audience = optional(v.oauthAudience);
    patch.upstreamAuth = {
      type: "oauth2_client_credentials",
      tokenUrl: v.oauthTokenUrl.trim(),
      clientId: v.oauthClientId.trim(),
      clientSecret: v.oauthClientSecret,
      ...(scope ? { scope } : {}),
      ...(audience ? { audience } : {}),
    };
  }

  const parsed = UpdateServerInput.safeParse({ serverId: server.id, ...patch });
  if (!parsed.success) {
    // The schema's messages fill in; this form's own (said in its units) win where both speak.
    for (const [field, messages] of Object.entries(formErrorsOf(fieldErrorsFromIssues(parsed.error.issues)))) errors[field] ??= messages;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch };
}

/** API (or schema) error paths → the form's field names. */
export function formErrorsOf(apiErrors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: string, messages: string[]) => {
    out[field] = [...new Set([...(out[field] ?? []), ...messages])];
  };
  for (const [path, messages] of Object.entries(apiErrors)) {
    if (path.startsWith("allowedOrigins")) add("allowedOrigins", messages);
    else if (path.startsWith("upstreamAuth.headers")) add("headerName", messages);
    else if (path === "upstreamAuth.tokenUrl") add("oauthTokenUrl", messages);
    else if (path === "upstreamAuth.clientId") add("oauthClientId", messages);
    else if (path === "upstreamAuth.clientSecret") add("oauthClientSecret", messages);
    else if (path === "upstreamAuth.scope") add("oauthScope", messages);
    else if (path === "upstreamAuth.audience") add("oauthAudience", messages);
    else if (path === "maxBodyBytes") add("maxBodyKib", messages);
    else if (path === "serverId") add(FORM_ERROR, messages);
    else add(path, messages);
  }
  return out;
}
