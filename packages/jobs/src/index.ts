export { createRedis, type RedisRole } from "./connection.ts";
export { DECISION_STREAM, REDIS_CHANNELS, decisionTailChannel, proxyStatusKey, rateLimitKey } from "./keys.ts";
export { MAX_DECISION_ENTRY_CHARS, decodeDecisionEntry, encodeDecisionEntries } from "./decision-entries.ts";
export { RATE_LIMIT_RELEASE_LUA, RATE_LIMIT_RESERVE_LUA } from "./rate-limit-script.ts";
export { createBundleAnnouncer, parseBundleAnnouncement } from "./bundle-announcer.ts";
export * from "./catalog/index.ts";
export { type EnqueueOptions, type Producer, type ProducerOptions, DEFAULT_JOBS_PREFIX, createProducer } from "./catalog/producer.ts";
export { type HandlerEntry, type JobContext, type JobHandler, type JobRunner, type RunnerOptions, handle, runJobs } from "./catalog/runner.ts";
export {
  APPROVALS_PREFIX,
  type ApprovalBinding,
  ApprovalState,
  type ClaimResult,
  type LookupResult,
  type SettleStatus,
  bindingHash,
  parseApprovalEvent,
} from "./approvals/approval-state.ts";
export { type DecisionTail, type DecisionTailPublisher, TAIL_MAX_EVENTS_PER_MESSAGE, createDecisionTail, createDecisionTailPublisher } from "./decision-tail.ts";
export { type AdvanceResult, type CancelResult, type NewTask, type TaskRecord, TaskState, type TaskStatus, type UpstreamTaskLink, isTerminalTask } from "./tasks/task-state.ts";
