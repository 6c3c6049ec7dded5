// Public API of @gatehouse/demo-upstream, for in-process tests and the demo scripts.
export {
  EDIT_MODELS,
  GENERATE_MODELS,
  TASK_STATUSES,
  TOOL_META,
  TOOL_NAMES,
  type Task,
  type TaskStatus,
  type ToolName,
} from "./catalog.ts";
export { SERVER_INFO } from "./create-flux-server.ts";
export { IMAGE_HOST } from "./fake-flux.ts";
export { FAIL_MODES, type FailMode, type FailurePlan } from "./failures.ts";
export type { RequestRecord, Stats } from "./stats.ts";
export {
  type DemoUpstream,
  type DemoUpstreamOptions,
  MCP_PATH,
  startDemoUpstream,
} from "./start-demo-upstream.ts";
