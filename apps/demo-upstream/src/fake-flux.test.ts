import { describe, expect, it } from "vitest";
import { canonicalJson, FakeFlux } from "./fake-flux.ts";

const generateArgs = { prompt: "a fox", model: "flux-pro-1.1", width: 1024, height: 768 } as const;
const editArgs = {
  prompt: "add snow",
  image_url: "https://example.com/a.png",
  model: "flux-kontext-pro",
  size: "512x768",
} as const;

describe("canonicalJson", () => {
  it("ignores key order and undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      canonicalJson({ a: { d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});

describe("FakeFlux", () => {
  it("derives ids from the arguments and the sequence, the same in every instance", () => {
    const a = new FakeFlux();
    const b = new FakeFlux();
    expect(a.generate(generateArgs)).toEqual(b.generate({ ...generateArgs }));
    const again = a.generate(generateArgs);
    expect(again.task_id).not.toBe(b.listTasks({ limit: 1 }).tasks[0]?.task_id);
    expect(again.created_at).toBe("2025-01-01T00:00:02.000Z");
  });

  it("keeps an explicit seed and derives one otherwise", () => {
    const flux = new FakeFlux();
    expect(flux.generate({ ...generateArgs, seed: 7 }).seed).toBe(7);
    const derived = flux.generate(generateArgs).seed;
    expect(derived).toBe(new FakeFlux().generate(generateArgs).seed);
    expect(derived).not.toBe(flux.generate({ ...generateArgs, prompt: "other" }).seed);
  });

  it("completes edits at once unless a callback makes them pending", () => {
    const flux = new FakeFlux();
    const done = flux.edit(editArgs);
    expect(done).toMatchObject({ status: "completed", width: 512, height: 768, source_image_url: editArgs.image_url });
    const queued = flux.edit({ ...editArgs, callback_url: "https://example.com/hook" });
    expect(queued).toMatchObject({ status: "pending", image: null, callback_url: "https://example.com/hook" });
    expect(flux.cancelTask(done.task_id)).toMatchObject({ ok: false });
    expect(flux.cancelTask(queued.task_id)).toMatchObject({ ok: true, value: { status: "cancelled" } });
    expect(flux.cancelTask(queued.task_id)).toMatchObject({ ok: false });
  });

  it("lists newest first with a filter and a limit", () => {
    const flux = new FakeFlux();
    const first = flux.generate(generateArgs);
    const second = flux.generate({ ...generateArgs, prompt: "second" });
    flux.edit({ ...editArgs, callback_url: "https://example.com/hook" });
    const completed = flux.listTasks({ limit: 20, status: "completed" });
    expect(completed.tasks.map((t) => t.task_id)).toEqual([second.task_id, first.task_id]);
    expect(flux.listTasks({ limit: 1 })).toMatchObject({ total: 3, tasks: [{ kind: "edit" }] });
  });

  it("deletes an image once and clears it from its task", () => {
    const flux = new FakeFlux();
    const task = flux.generate(generateArgs);
    const imageId = task.image?.image_id ?? "";
    expect(flux.deleteImage(imageId)).toEqual({ ok: true, value: { image_id: imageId, deleted: true } });
    expect(flux.deleteImage(imageId)).toEqual({ ok: false, message: `Image not found: ${imageId}` });
    expect(flux.getTask(task.task_id)).toMatchObject({ ok: true, value: { image: null } });
  });

  it("hands out copies, so callers cannot change stored tasks", () => {
    const flux = new FakeFlux();
    const task = flux.generate(generateArgs);
    task.status = "failed";
    expect(flux.getTask(task.task_id)).toMatchObject({ ok: true, value: { status: "completed" } });
  });

  it("starts over on reset", () => {
    const flux = new FakeFlux();
    const before = flux.generate(generateArgs);
    flux.reset();
    expect(flux.listTasks({ limit: 10 }).total).toBe(0);
    expect(flux.generate(generateArgs)).toEqual(before);
  });
});
