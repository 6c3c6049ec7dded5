// The deterministic stand-in for the Flux API. Ids come from a hash of the canonical
// arguments plus this instance's sequence number, and timestamps from a fixed epoch, so two
// fresh servers given the same calls in the same order answer byte for byte the same — the
// property proxy tests rely on when they compare a direct call with a proxied one.
import { createHash } from "node:crypto";
import type { EditImageArgs, GenerateImageArgs, ListTasksArgs, Task } from "./catalog.ts";

export const IMAGE_HOST = "https://images.demo.gatehouse.local";
const EPOCH_MS = Date.UTC(2025, 0, 1);

export type FluxOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class FakeFlux {
  // Insertion order is creation order; listing reverses it.
  private readonly tasks = new Map<string, Task>();
  private readonly images = new Map<string, string>();
  private sequence = 0;
  /**
   * Tool descriptions changed through the `/__tool-description` hook: lets tests play a server
   * that changes a tool under its users (rug pull) and check that Gatehouse notices. Shared by
   * every session, like the tasks; a session opened after the change lists the new text.
   */
  readonly descriptionOverrides = new Map<string, string>();

  generate(args: GenerateImageArgs): Task {
    const seq = this.nextSequence();
    const taskId = this.taskId("flux_generate_image", args, seq);
    const task: Task = {
      task_id: taskId,
      kind: "generate",
      status: "completed",
      model: args.model,
      prompt: args.prompt,
      width: args.width,
      height: args.height,
      // Without a seed, derive one from the arguments alone so it does not vary with order.
      seed: args.seed ?? seedFrom(args),
      created_at: timestampFor(seq),
      image: null,
    };
    task.image = this.createImage(taskId, args.width, args.height);
    return this.save(task);
  }

  edit(args: EditImageArgs): Task {
    const seq = this.nextSequence();
    const taskId = this.taskId("flux_edit_image", args, seq);
    const [width, height] = parseSize(args.size);
    // With a callback the real service answers at once and finishes later; this fake never
    // finishes such a task, which makes it the one a demo or test can cancel.
    const queued = args.callback_url !== undefined;
    const task: Task = {
      task_id: taskId,
      kind: "edit",
      status: queued ? "pending" : "completed",
      model: args.model,
      prompt: args.prompt,
      width,
      height,
      seed: seedFrom(args),
      created_at: timestampFor(seq),
      image: queued ? null : this.createImage(taskId, width, height),
      source_image_url: args.image_url,
      ...(queued ? { callback_url: args.callback_url } : {}),
    };
    return this.save(task);
  }

  getTask(taskId: string): FluxOutcome<Task> {
    const task = this.tasks.get(taskId);
    return task ? { ok: true, value: structuredClone(task) } : notFound("Task", taskId);
  }

  listTasks(args: ListTasksArgs): { tasks: Task[]; total: number } {
    const matching = [...this.tasks.values()]
      .reverse()
      .filter((task) => args.status === undefined || task.status === args.status);
    return { tasks: matching.slice(0, args.limit).map((t) => structuredClone(t)), total: matching.length };
  }

  cancelTask(taskId: string): FluxOutcome<Task> {
    const task = this.tasks.get(taskId);
    if (!task) return notFound("Task", taskId);
    if (task.status !== "pending" && task.status !== "processing") {
      return { ok: false, message: `Task ${taskId} is ${task.status} and cannot be cancelled` };
    }
    task.status = "cancelled";
    return { ok: true, value: structuredClone(task) };
  }

  deleteImage(imageId: string): FluxOutcome<{ image_id: string; deleted: true }> {
    const taskId = this.images.get(imageId);
    if (taskId === undefined) return notFound("Image", imageId);
    this.images.delete(imageId);
    const task = this.tasks.get(taskId);
    if (task) task.image = null;
    return { ok: true, value: { image_id: imageId, deleted: true } };
  }

  reset(): void {
    this.tasks.clear();
    this.images.clear();
    this.sequence = 0;
    this.descriptionOverrides.clear();
  }

  private nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private taskId(tool: string, args: object, seq: number): string {
    return `task_${sha256Hex(`${tool}\n${canonicalJson(args)}\n${seq}`).slice(0, 20)}`;
  }

  private createImage(taskId: string, width: number, height: number): NonNullable<Task["image"]> {
    const imageId = `img_${sha256Hex(`image\n${taskId}`).slice(0, 20)}`;
    this.images.set(imageId, taskId);
    return { image_id: imageId, url: `${IMAGE_HOST}/${imageId}.png`, width, height };
  }

  private save(task: Task): Task {
    this.tasks.set(task.task_id, task);
    return structuredClone(task);
  }
}

function notFound(what: string, id: string): { ok: false; message: string } {
  return { ok: false, message: `${what} not found: ${id}` };
}

function seedFrom(args: object): number {
  return Number.parseInt(sha256Hex(`seed\n${canonicalJson(args)}`).slice(0, 8), 16);
}

function timestampFor(seq: number): string {
  return new Date(EPOCH_MS + seq * 1000).toISOString();
}

function parseSize(size: string): [number, number] {
  const [width = "1024", height = "1024"] = size.split("x");
  return [Number(width), Number(height)];
}
