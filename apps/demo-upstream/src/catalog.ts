// The six tools of the imitated "Mcp Flux Pro" server: names, schemas, descriptions and
// annotations. Kept apart from the handlers so tests and the proxy's fixtures can read the
// catalogue without starting anything.
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

export const TOOL_NAMES = [
  "flux_generate_image",
  "flux_edit_image",
  "flux_get_task",
  "flux_list_tasks",
  "flux_cancel_task",
  "flux_delete_image",
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export const GENERATE_MODELS = ["flux-pro-1.1", "flux-pro-1.1-ultra", "flux-dev"] as const;
export const EDIT_MODELS = ["flux-kontext-pro", "flux-kontext-max"] as const;
export const TASK_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"] as const;

// Flux Pro accepts dimensions in 32-pixel steps between 256 and 1440.
const dimension = z.number().int().min(256).max(1440).multipleOf(32);

export const GenerateImageInput = {
  prompt: z.string().min(1).max(4000).describe("Text description of the image to generate."),
  model: z.enum(GENERATE_MODELS).default("flux-pro-1.1").describe("Flux model to use."),
  width: dimension.default(1024).describe("Width in pixels, a multiple of 32 between 256 and 1440."),
  height: dimension.default(768).describe("Height in pixels, a multiple of 32 between 256 and 1440."),
  seed: z
    .number()
    .int()
    .min(0)
    .max(4_294_967_295)
    .optional()
    .describe("Seed for reproducible output; derived from the prompt when omitted."),
};

export const EditImageInput = {
  prompt: z.string().min(1).max(4000).describe("Instruction describing the edit to apply."),
  image_url: z.url().describe("Publicly reachable URL of the source image."),
  model: z.enum(EDIT_MODELS).describe("Flux Kontext model to use."),
  size: z
    .string()
    .regex(/^\d{3,4}x\d{3,4}$/, 'size must look like "1024x1024"')
    .default("1024x1024")
    .describe('Output size as "<width>x<height>".'),
  callback_url: z
    .url()
    .optional()
    .describe("Webhook notified when the task finishes; the task is returned still pending."),
};

export const TaskIdInput = {
  task_id: z.string().min(1).describe("Task id returned by flux_generate_image or flux_edit_image."),
};

export const ListTasksInput = {
  limit: z.number().int().min(1).max(100).default(20).describe("Maximum number of tasks to return."),
  status: z.enum(TASK_STATUSES).optional().describe("Only return tasks in this status."),
};

export const DeleteImageInput = {
  image_id: z.string().min(1).describe("Image id from a completed task's result."),
};

export const ImageShape = z.object({
  image_id: z.string(),
  url: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const TaskShape = z.object({
  task_id: z.string(),
  kind: z.enum(["generate", "edit"]),
  status: z.enum(TASK_STATUSES),
  model: z.string(),
  prompt: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  seed: z.number().int(),
  created_at: z.string(),
  image: ImageShape.nullable(),
  source_image_url: z.string().optional(),
  callback_url: z.string().optional(),
});
export type Task = z.infer<typeof TaskShape>;
export type TaskStatus = Task["status"];

export const TaskListShape = { tasks: z.array(TaskShape), total: z.number().int() };
export const DeletedImageShape = { image_id: z.string(), deleted: z.literal(true) };

export type GenerateImageArgs = z.output<z.ZodObject<typeof GenerateImageInput>>;
export type EditImageArgs = z.output<z.ZodObject<typeof EditImageInput>>;
export type ListTasksArgs = z.output<z.ZodObject<typeof ListTasksInput>>;

interface ToolMeta {
  title: string;
  description: string;
  annotations: ToolAnnotations;
}

// Annotations follow what the real service does: generation spends credits and reaches out to
// the web (source images, callbacks), reads are local and repeatable, deletion is irreversible.
export const TOOL_META: Record<ToolName, ToolMeta> = {
  flux_generate_image: {
    title: "Generate image",
    description:
      "Generate an image from a text prompt with Flux Pro. Returns the task with the image URL once ready. Each call consumes generation credits.",
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  },
  flux_edit_image: {
    title: "Edit image",
    description:
      "Edit an existing image with Flux Kontext following a text instruction. Fetches image_url; with callback_url the task is queued and the webhook is notified later.",
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  },
  flux_get_task: {
    title: "Get task",
    description: "Fetch the status and result of a generation or edit task by id.",
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  flux_list_tasks: {
    title: "List tasks",
    description: "List recent generation and edit tasks, newest first, optionally filtered by status.",
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  flux_cancel_task: {
    title: "Cancel task",
    description: "Cancel a pending or processing task. Completed tasks cannot be cancelled.",
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  flux_delete_image: {
    title: "Delete image",
    description: "Permanently delete a generated image. Its URL stops working and this cannot be undone.",
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  },
};
