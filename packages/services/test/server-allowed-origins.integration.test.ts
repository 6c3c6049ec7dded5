// Issue 7, defect 6 (control-plane side): a server's allowed browser origins are set through the
// server verbs, normalised, validated at the field, shown in the API response and carried in the
// bundle, where the proxy reads them for its Origin check and CORS.
import { createDb } from "@gatehouse/db";
import { createTestOrg, testDatabaseUrl } from "@gatehouse/db/testing";
import { AppError } from "@gatehouse/shared";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle, createServer, updateServer } from "../src/index.ts";
import { presentServer } from "../src/servers/present-server.ts";
import { ctxFor } from "./helpers.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
afterAll(() => db.$disconnect());

describe("server allowed origins", () => {
  it("are stored normalised, shown, and carried in the bundle only where set", async () => {
    const org = await createTestOrg(db);
    const ctx = ctxFor(db, org.id);
    const browser = await createServer(ctx, { name: "browser", upstreamUrl: "http://127.0.0.1:4100/mcp", allowedOrigins: ["https://App.Example.com", "http://localhost:5173/"] });
    const plain = await createServer(ctx, { name: "plain", upstreamUrl: "http://127.0.0.1:4100/mcp" });
    expect(browser.allowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(presentServer(browser, { toolCount: 0, toolsNeedingReview: 0 }, "http://proxy").allowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
    const { content: bundle } = await buildBundle(db, org.id);
    expect(bundle.servers.find((s) => s.id === browser.id)?.allowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect(bundle.servers.find((s) => s.id === plain.id)).not.toHaveProperty("allowedOrigins");

    await updateServer(ctx, { serverId: browser.id, allowedOrigins: [] });
    const after = await buildBundle(db, org.id);
    expect(after.content.servers.find((s) => s.id === browser.id)).not.toHaveProperty("allowedOrigins");
  });

  it.each(["*", "https://app.example.com/path", "ftp://files.example.com", "null", "app.example.com"])("refuses %j as an origin, at the field", async (origin) => {
    const org = await createTestOrg(db);
    const attempt = createServer(ctxFor(db, org.id), { name: "x", upstreamUrl: "http://127.0.0.1:4100/mcp", allowedOrigins: [origin] });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    // zod's error from the verb's input schema, which the API turns into validation_failed at `allowedOrigins[0]`.
    expect(error instanceof AppError ? error.code : (error as { name?: string }).name).toMatch(/validation_failed|ZodError/);
    expect(JSON.stringify((error as { issues?: unknown }).issues ?? (error as AppError).details)).toContain("allowedOrigins");
  });
});
