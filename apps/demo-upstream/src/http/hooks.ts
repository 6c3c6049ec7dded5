// Test and ops hooks beside /mcp. They never require the upstream credential: a test must be
// able to read stats or queue failures whatever the /mcp configuration.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TOOL_NAMES } from "../catalog.ts";
import { type FailurePlan, FailurePlanSchema } from "../failures.ts";
import type { Stats } from "../stats.ts";
import { BodyTooLargeError, readBody, sendJson, sendNoContent } from "./io.ts";

export interface HookTarget {
  stats(): Stats;
  reset(): void;
  fail(plan: FailurePlan): void;
  setToolDescription(tool: string, description: string | null): void;
}

const HOOK_BODY_LIMIT = 64 * 1024;

/** Answers a hook request; returns false when the path is not a hook. */
export async function handleHook(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  target: HookTarget,
): Promise<boolean> {
  const route = `${req.method ?? "GET"} ${path}`;
  switch (route) {
    // GET /healthz — liveness for scripts waiting on the demo to come up
    case "GET /healthz":
      sendJson(res, 200, { ok: true });
      return true;
    // GET /__stats — calls per tool and the last 100 requests with their headers
    case "GET /__stats":
      sendJson(res, 200, target.stats());
      return true;
    // POST /__reset — back to a freshly started server (counters, history, plans, tasks)
    case "POST /__reset":
      target.reset();
      sendNoContent(res);
      return true;
    // POST /__fail — queue a failure plan { mode, count?, tool? }
    case "POST /__fail":
      await queueFailure(req, res, target);
      return true;
    // POST /__tool-description — { tool, description } changes what tools/list says of a tool
    // (description: null restores it): the "rug pull" Gatehouse's tool pinning must catch
    case "POST /__tool-description":
      await changeDescription(req, res, target);
      return true;
  }
  if (["/healthz", "/__stats", "/__reset", "/__fail", "/__tool-description"].includes(path)) {
    sendJson(res, 405, { error: { code: "method_not_allowed", message: `${route} is not supported` } });
    return true;
  }
  return false;
}

async function queueFailure(req: IncomingMessage, res: ServerResponse, target: HookTarget): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readBody(req, HOOK_BODY_LIMIT));
  } catch (error) {
    const message = error instanceof BodyTooLargeError ? "body too large" : "body is not valid JSON";
    sendJson(res, 400, { error: { code: "invalid_body", message } });
    return;
  }
  const parsed = FailurePlanSchema.safeParse(raw);
  if (!parsed.success) {
    sendJson(res, 400, { error: { code: "invalid_plan", message: parsed.error.message } });
    return;
  }
  target.fail(parsed.data);
  sendNoContent(res);
}

async function changeDescription(req: IncomingMessage, res: ServerResponse, target: HookTarget): Promise<void> {
  let raw: { tool?: unknown; description?: unknown };
  try {
    raw = JSON.parse(await readBody(req, HOOK_BODY_LIMIT));
  } catch {
    sendJson(res, 400, { error: { code: "invalid_body", message: "body is not valid JSON" } });
    return;
  }
  if (!(TOOL_NAMES as readonly unknown[]).includes(raw.tool) || !(typeof raw.description === "string" || raw.description === null)) {
    sendJson(res, 400, { error: { code: "invalid_body", message: "send { tool: <a demo tool name>, description: string | null }" } });
    return;
  }
  target.setToolDescription(raw.tool as string, raw.description as string | null);
  sendNoContent(res);
}
