// GET /api/internal/bundles[/<orgId>] over real HTTP: the proxy credential is required and
// compared exactly, bundles come with an ETag and answer 304 to it, unknown orgs are 404.
import { createDb } from "@gatehouse/db";
import { createTestIdentity, createTestOrg, createTestServer, testDatabaseUrl } from "@gatehouse/db/testing";
import { BundleIndex, EnforcementBundle } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInternalBundlesApi, rebuildBundle } from "../src/index.ts";
import { type ServedHandler, serveHandler } from "../src/bundles/testing/index.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 4 });
const proxySecret = "test-proxy-secret-0123456789abcdef";
let served: ServedHandler;
let orgId: string;
let orgWithoutBundle: string;
let contentHash: string;

beforeAll(async () => {
  served = await serveHandler(createInternalBundlesApi({ db, proxySecret }));
  const org = await createTestOrg(db);
  orgId = org.id;
  await createTestServer(db, { orgId });
  ({ contentHash } = await rebuildBundle(db, orgId));
  orgWithoutBundle = (await createTestOrg(db)).id;
});
afterAll(async () => {
  await served.close();
  await db.$disconnect();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${served.url}${path}`, { headers });
const auth = { authorization: `Bearer ${proxySecret}` };

describe("proxy credential", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong secret", { authorization: "Bearer test-proxy-secret-0123456789abcdeX" }],
    ["a prefix of the secret", { authorization: `Bearer ${proxySecret.slice(0, -1)}` }],
    ["another scheme", { authorization: `Basic ${proxySecret}` }],
  ])("refuses %s with 401 and the error envelope", async (_label, headers) => {
    for (const path of ["/api/internal/bundles", `/api/internal/bundles/${orgId}`]) {
      const response = await get(path, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error).toMatchObject({ code: "unauthorized", requestId: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain("servers");
    }
  });

  it("opens nothing when the configured secret is empty", async () => {
    const open = await serveHandler(createInternalBundlesApi({ db, proxySecret: "" }));
    try {
      const response = await fetch(`${open.url}/api/internal/bundles`, { headers: { authorization: "Bearer " } });
      expect(response.status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe("GET /api/internal/bundles", () => {
  it("lists every org that has a bundle, with revision and hash", async () => {
    const response = await get("/api/internal/bundles", auth);
    expect(response.status).toBe(200);
    const index = BundleIndex.parse(await response.json());
    expect(index.bundles).toContainEqual({ orgId, revision: 1, contentHash });
    expect(index.bundles.map((b) => b.orgId)).not.toContain(orgWithoutBundle);
  });
});

describe("GET /api/internal/bundles/<orgId>", () => {
  it("serves the bundle with its content hash as ETag", async () => {
    const response = await get(`/api/internal/bundles/${orgId}`, auth);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${contentHash}"`);
    expect(response.headers.get("content-type")).toContain("application/json");
    const bundle = EnforcementBundle.parse(await response.json());
    expect(bundle).toMatchObject({ orgId, revision: 1, contentHash });
    expect(bundle.servers).toHaveLength(1);
  });

  it("answers 304 with no body when If-None-Match names the current hash, 200 once it changed", async () => {
    const unchanged = await get(`/api/internal/bundles/${orgId}`, { ...auth, "if-none-match": `"${contentHash}"` });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(`"${contentHash}"`);
    expect(await unchanged.text()).toBe("");

    await createTestIdentity(db, { orgId });
    const rebuilt = await rebuildBundle(db, orgId);
    const changed = await get(`/api/internal/bundles/${orgId}`, { ...auth, "if-none-match": `"${contentHash}"` });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe(`"${rebuilt.contentHash}"`);
    expect(EnforcementBundle.parse(await changed.json()).revision).toBe(2);
    contentHash = rebuilt.contentHash;
  });

  it("is 404 for an org without a bundle and for an unknown id, with or without If-None-Match", async () => {
    for (const id of [orgWithoutBundle, "org_00000000000000000000000000", "../../etc"]) {
      const response = await get(`/api/internal/bundles/${encodeURIComponent(id)}`, { ...auth, "if-none-match": `"${contentHash}"` });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("refuses methods other than GET", async () => {
    const response = await fetch(`${served.url}/api/internal/bundles/${orgId}`, { method: "POST", headers: auth, body: "{}" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});
