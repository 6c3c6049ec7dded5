// One HTTP exchange on /mcp/<server-id> once it is authenticated and has a grant: who is calling
// (ctx), its decision log, and its ids. routes/mcp.ts builds it and hands it to the POST and
// GET/DELETE handlers (and approvals/hold-call.ts); kept here so none of them imports the router.
import type { CallContext, CallVerdict } from "./evaluate-call.ts";
import type { EventDraft, ExchangeLog } from "./exchange-log.ts";
import type { ToolCallParams } from "./jsonrpc.ts";

export type Exchange = {
  ctx: CallContext;
  log: ExchangeLog;
  requestId: string;
  startedPerf: number;
};

/**
 * Refuses a whole exchange before anything is forwarded: logs one rejected event, ends the log
 * (its events are emitted), then sends the answer.
 */
export function refuseExchange(log: ExchangeLog, event: Omit<EventDraft, "outcome">, answer: () => void): void {
  log.add({ ...event, outcome: "rejected" });
  log.finish(null, null, null);
  answer();
}

/** Logs a tools/call the policy allowed (the plain path and a task-augmented one alike); returns its event. */
export function logAllowedCall(log: ExchangeLog, call: ToolCallParams, verdict: Extract<CallVerdict, { forward: true }>) {
  return log.add({
    method: "tools/call",
    toolName: call.name,
    args: call.arguments,
    outcome: "allowed",
    shadowOutcome: verdict.shadowOutcome,
    rule: verdict.rule,
    message: verdict.message,
    approvalId: verdict.approvalId,
    violationPaths: verdict.violationPaths,
  });
}
