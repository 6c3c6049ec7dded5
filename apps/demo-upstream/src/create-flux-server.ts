// One McpServer per MCP session (or per request when stateless), all sharing one FakeFlux so
// a task made in one session is visible from another, as with the real hosted API.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  DeleteImageInput,
  DeletedImageShape,
  EditImageInput,
  GenerateImageInput,
  ListTasksInput,
  TOOL_META,
  TaskIdInput,
  TaskListShape,
  TaskShape,
  type ToolName,
} from "./catalog.ts";
import type { FakeFlux, FluxOutcome } from "./fake-flux.ts";

export const SERVER_INFO = { name: "mcp-flux-pro", title: "Mcp Flux Pro (Gatehouse demo)", version: "1.0.0" };

function success(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value };
}

function failure(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

function fromOutcome<T extends Record<string, unknown>>(outcome: FluxOutcome<T>): CallToolResult {
  return outcome.ok ? success(outcome.value) : failure(outcome.message);
}

/** A tool's catalogue entry, with its description as changed by the test hook, if it was. */
function meta(flux: FakeFlux, name: ToolName) {
  const description = flux.descriptionOverrides.get(name);
  return description === undefined ? TOOL_META[name] : { ...TOOL_META[name], description };
}

export function createFluxServer(flux: FakeFlux): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: "Image generation with Black Forest Labs' Flux models. Demo server: results are deterministic fakes.",
  });

  server.registerTool(
    "flux_generate_image",
    { ...meta(flux, "flux_generate_image"), inputSchema: GenerateImageInput, outputSchema: TaskShape },
    (args) => success(flux.generate(args)),
  );
  server.registerTool(
    "flux_edit_image",
    { ...meta(flux, "flux_edit_image"), inputSchema: EditImageInput, outputSchema: TaskShape },
    (args) => success(flux.edit(args)),
  );
  server.registerTool(
    "flux_get_task",
    { ...meta(flux, "flux_get_task"), inputSchema: TaskIdInput, outputSchema: TaskShape },
    ({ task_id }) => fromOutcome(flux.getTask(task_id)),
  );
  server.registerTool(
    "flux_list_tasks",
    { ...meta(flux, "flux_list_tasks"), inputSchema: ListTasksInput, outputSchema: TaskListShape },
    (args) => success(flux.listTasks(args)),
  );
  server.registerTool(
    "flux_cancel_task",
    { ...meta(flux, "flux_cancel_task"), inputSchema: TaskIdInput, outputSchema: TaskShape },
    ({ task_id }) => fromOutcome(flux.cancelTask(task_id)),
  );
  server.registerTool(
    "flux_delete_image",
    { ...meta(flux, "flux_delete_image"), inputSchema: DeleteImageInput, outputSchema: DeletedImageShape },
    ({ image_id }) => fromOutcome(flux.deleteImage(image_id)),
  );
  return server;
}
