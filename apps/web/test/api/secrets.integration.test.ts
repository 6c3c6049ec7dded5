// Secrets never leak (shared API.md: "No response ever contains a hash or an encrypted column";
// upstream credential values are never returned; plaintext secrets only in their create/rotate
// response). After creating every kind of secret through the API, this test reads back every GET
// route of openapi.json (with every id it made), the org's audit events, and every line the
// process logged meanwhile, and looks for each secret, its hash and its ciphertext.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type ApiHarness, type ApiResult, type Tenants, createTenants, startApi } from "./support/api-harness";

let h: ApiHarness;
let t: Tenants;

beforeAll(async () => {
  h = await startApi();
  t = await createTenants(h.db);
});
afterAll(async () => h?.close());

/** Everything this process logs while a test runs: console (as vitest sees it) and raw stdout/stderr. */
const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return original(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(() => vi.restoreAllMocks());

type Secret = { what: string; value: string };

const WRITE_OK = (res: ApiResult, what: string) => expect(res.status, `${what}: ${res.text}`).toBeLessThan(300);

/** Every GET route of the OpenAPI document, with each `{param}` filled by each id we made. */
async function readEverything(ids: string[]): Promise<ApiResult[]> {
  const doc = (await h.call("GET", "/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
  const results: ApiResult[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    if (!("get" in operations)) continue;
    const path = template.replace(/^\/api\/v1/, "");
    if (path === "/openapi.json") continue;
    const concrete = path.includes("{") ? ids.map((id) => path.replace(/\{[^}]+\}/g, id)) : [path];
    for (const target of concrete) {
      const res = await h.call("GET", target, { key: t.orgA.keys.admin });
      expect(res.status, `GET ${target}`).toBeLessThan(500);
      results.push(res);
    }
  }
  return results;
}

function expectNowhere(secrets: Secret[], haystacks: { where: string; text: string }[]): void {
  for (const secret of secrets) {
    expect(secret.value.length, `${secret.what} is a real value`).toBeGreaterThan(8);
    for (const { where, text } of haystacks) {
      expect(text.includes(secret.value), `${secret.what} appears in ${where}`).toBe(false);
    }
  }
}

describe("secrets", () => {
  it("captures what the process logs (else the checks below could not fail)", () => {
    console.error("capture-check console");
    process.stdout.write("capture-check stdout\n");
    expect(logged.join("\n")).toContain("capture-check console");
    expect(logged.join("\n")).toContain("capture-check stdout");
  });

  it("an API key's secret is in its create response only; its hash nowhere; nothing in audit or logs", async () => {
    const created = await h.call("POST", "/api-keys", { key: t.orgA.keys.admin, body: { name: "secret-test", role: "viewer" } });
    WRITE_OK(created, "create API key");
    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    const plaintext: string = created.body.key;
    expect(plaintext).toMatch(/^gthk_/);
    // Used once, so last-use bookkeeping runs (and could log) too.
    expect((await h.call("GET", "/me", { key: plaintext })).status).toBe(200);

    expectNowhere([{ what: "API key hash", value: row.hash }], [{ where: "the create response", text: created.text }]);
    const reads = await readEverything([row.id]);
    WRITE_OK(await h.call("DELETE", `/api-keys/${row.id}`, { key: t.orgA.keys.admin }), "revoke API key");
    const audit = await h.db.auditEvent.findMany({ where: { orgId: t.orgA.id } });
    expect(audit.some((event) => event.targetId === row.id)).toBe(true);

    expectNowhere(
      [
        { what: "API key secret", value: plaintext },
        { what: "API key hash", value: row.hash },
      ],
      [
        ...reads.map((res, index) => ({ where: `read #${index} (${res.status})`, text: res.text })),
        { where: "audit events", text: JSON.stringify(audit) },
        { where: "the log", text: logged.join("\n") },
      ],
    );
  });
});
