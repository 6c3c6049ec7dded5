// Reads just enough of an incoming JSON-RPC body to record it and match failure plans; the
// SDK transport still does the real validation.
export interface MessageSummary {
  method?: string;
  tool?: string;
  id?: string | number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function summarizeMessage(message: unknown): MessageSummary {
  if (!isRecord(message)) return {};
  const summary: MessageSummary = {};
  if (typeof message.method === "string") summary.method = message.method;
  if (typeof message.id === "string" || typeof message.id === "number") summary.id = message.id;
  const params = message.params;
  if (summary.method === "tools/call" && isRecord(params) && typeof params.name === "string") {
    summary.tool = params.name;
  }
  return summary;
}

export function summarizeBody(body: unknown): MessageSummary[] {
  return Array.isArray(body) ? body.map(summarizeMessage) : [summarizeMessage(body)];
}
