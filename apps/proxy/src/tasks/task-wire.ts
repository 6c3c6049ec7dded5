// The MCP Tasks wire format (protocol 2025-11-25; the SDK's TaskSchema, CreateTaskResultSchema
// and RELATED_TASK_META_KEY in @modelcontextprotocol/sdk types.ts), for the proxy's own tasks.
import type { TaskRecord } from "@gatehouse/jobs";
import { ID_PREFIXES } from "@gatehouse/shared";
import { isObject } from "../jsonrpc.ts";

export const PROXY_TASK_METHODS: ReadonlySet<string> = new Set(["tasks/get", "tasks/result", "tasks/list", "tasks/cancel"]);
/** The SDK's RELATED_TASK_META_KEY: tasks/result results name their task under it. */
export const RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";
/** What the SDK's own task handlers answer for an unknown id (-32602); ours says the same for someone else's. */
export const NOT_FOUND = "Failed to retrieve task: Task not found";

const PROXY_PREFIX = `${ID_PREFIXES.task}_`;

/** Task ids the proxy mints; upstream-owned ids never look like these. */
export function isProxyTaskId(taskId: string): boolean {
  return taskId.startsWith(PROXY_PREFIX);
}

/** `params.task` of a task-augmented request ({ ttl? }), or null when the request is a plain one. */
export function taskAugmentation(params: unknown): { ttl: number | undefined } | null {
  if (!isObject(params) || !isObject(params.task)) return null;
  const ttl = params.task.ttl;
  return { ttl: typeof ttl === "number" && Number.isFinite(ttl) && ttl > 0 ? ttl : undefined };
}

export type WireTask = {
  taskId: string;
  status: "working" | "input_required" | "completed" | "failed" | "cancelled";
  ttl: number | null;
  createdAt: string;
  lastUpdatedAt: string;
  pollInterval?: number;
  statusMessage?: string;
};

export function toWireTask(record: TaskRecord): WireTask {
  return {
    taskId: record.taskId,
    status: record.status,
    ttl: record.ttlMs,
    createdAt: new Date(record.createdAtMs).toISOString(),
    lastUpdatedAt: new Date(record.lastUpdatedAtMs).toISOString(),
    pollInterval: record.pollIntervalMs,
    statusMessage: record.statusMessage,
  };
}

export function relatedTaskMeta(taskId: string): Record<string, unknown> {
  return { [RELATED_TASK_META_KEY]: { taskId } };
}

/** Aborts when the client's response closes before it was sent (the client went away). */
export function closedSignal(res: import("node:http").ServerResponse): AbortSignal {
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}
