// Secrets never leak (shared API.md: "No response ever contains a hash or an encrypted column";
// upstream credential values are never returned; plaintext secrets only in their create/rotate
// response). After creating every kind of secret through the API, this test reads back every GET
// route of openapi.json (with every id it made), the org's audit events, and every line the
// process logged meanwhile, and looks for each secret, its hash and its ciphertext.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DemoUpstream, startDemoUpstream } from "@gatehouse/demo-upstream";
import { newId } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { readMailbox } from "../../src/server/dev-mailbox";
import { devMailboxMailer } from "../../src/server/mailer";
import { type ApiHarness, type ApiResult, type Tenants, createTenants, startApi } from "./support/api-harness";
import { closeTestApprovalState, createPendingApproval, testApprovalState } from "./support/approvals";

let h: ApiHarness;
let t: Tenants;
let mailDir: string;
let upstream: DemoUpstream;
const UPSTREAM_KEY = `upstream-credential-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  // Invitation mails go to a real file mailbox, so the test can read the link they carry.
  mailDir = await mkdtemp(path.join(tmpdir(), "gatehouse-secrets-"));
  h = await startApi({ mailer: devMailboxMailer(mailDir), approvals: testApprovalState() });
  t = await createTenants(h.db);
  upstream = await startDemoUpstream({ requiredHeader: { name: "X-Demo-Key", value: UPSTREAM_KEY } });
});
afterAll(async () => {
  await h?.close();
  await upstream?.close();
  closeTestApprovalState();
  await rm(mailDir, { recursive: true, force: true });
});

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
    const get = operations.get as { responses?: Record<string, { content?: Record<string, unknown> }> } | undefined;
    if (!get) continue;
    // Event streams never end; what they carry is checked by their own tests.
    if (Object.values(get.responses ?? {}).some((response) => "text/event-stream" in (response.content ?? {}))) continue;
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

/** A ciphertext and its parts (iv, tag, body), in case a response or log carried only a piece. */
function ciphertextParts(what: string, value: string): Secret[] {
  const parts = value.split(/[:.$]/).filter((part) => part.length >= 16 && part !== value);
  return [{ what, value }, ...parts.map((part, index) => ({ what: `${what} (part ${index})`, value: part }))];
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

  it("tokens, their rotation, upstream credentials, invitation links and captured arguments: shown once or never; no hash or ciphertext anywhere", async () => {
    const admin = { key: t.orgA.keys.admin };
    const identity = await h.call("POST", "/identities", { ...admin, body: { name: `secrets-${Date.now()}`, kind: "agent" } });
    WRITE_OK(identity, "create identity");
    const minted = await h.call("POST", `/identities/${identity.body.id}/tokens`, { ...admin, body: { name: "ci" } });
    WRITE_OK(minted, "mint token");
    const rotated = await h.call("POST", `/tokens/${minted.body.id}/rotate`, { ...admin, body: { graceSeconds: 60 } });
    WRITE_OK(rotated, "rotate token");
    expect(minted.body.token).toMatch(/^gth_/);
    expect(rotated.body.token).toMatch(/^gth_/);
    const tokenRows = await h.db.token.findMany({ where: { identityId: identity.body.id } });
    expect(tokenRows).toHaveLength(2);

    const created = await h.call("POST", "/servers", {
      ...admin,
      body: { name: `secrets-${Date.now()}`, upstreamUrl: upstream.url, upstreamAuth: { headers: { "X-Demo-Key": `${UPSTREAM_KEY}-old` } } },
    });
    WRITE_OK(created, "create server");
    const patched = await h.call("PATCH", `/servers/${created.body.id}`, { ...admin, body: { upstreamAuth: { headers: { "X-Demo-Key": UPSTREAM_KEY } } } });
    WRITE_OK(patched, "change the server's credential");
    // The credential is used: connecting and discovering send it upstream (and could log it).
    const tested = await h.call("POST", `/servers/${created.body.id}/test`, admin);
    expect(tested.body.ok, tested.text).toBe(true);
    WRITE_OK(await h.call("POST", `/servers/${created.body.id}/discover`, admin), "discover");
    const serverRow = await h.db.server.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(serverRow.upstreamAuthEnc).toBeTruthy();

    const invited = await h.call("POST", "/invitations", { ...admin, body: { email: `secrets-${Date.now()}@example.test`, role: "viewer" } });
    WRITE_OK(invited, "invite");
    const invitationMail = (await readMailbox(mailDir)).find((mail) => mail.to === invited.body.email);
    const invitationToken = invitationMail?.url.split("/").pop() ?? "";
    const invitationRow = await h.db.invitation.findUniqueOrThrow({ where: { id: invited.body.id } });

    // An approval's arguments are stored encrypted; admins see them decrypted, never the ciphertext.
    const approval = await createPendingApproval(h.db, testApprovalState(), { orgId: t.orgA.id, encryptionKey: h.deps.secrets.encryptionKey });

    // Captured arguments (argument capture on; the row as the worker stores it): replay decides with
    // them, yet neither their value nor their ciphertext appears in any response.
    const captureOn = await h.call("PATCH", `/servers/${created.body.id}`, { ...admin, body: { captureArguments: true } });
    WRITE_OK(captureOn, "turn on argument capture");
    const capturedValue = `captured-value-${Math.random().toString(36).slice(2)}`;
    const decisionId = newId("decision");
    await h.db.decisionLog.create({
      data: { id: decisionId, orgId: t.orgA.id, requestId: newId("request"), serverId: created.body.id, method: "tools/call", toolName: "flux_edit_image", argKeys: ["prompt"], outcome: "allowed" },
    });
    const capturedEnc = encryptText(h.deps.secrets.encryptionKey, JSON.stringify({ prompt: capturedValue }));
    await h.db.capturedArguments.create({ data: { id: decisionId, orgId: t.orgA.id, serverId: created.body.id, argsEnc: capturedEnc, createdAt: new Date() } });
    const policy = await h.call("POST", "/policies", { ...admin, body: { serverId: created.body.id, name: `secrets-${Date.now()}`, document: { version: "1", default: "allow" } } });
    WRITE_OK(policy, "create policy");
    const replayDraft = { version: "1", default: "allow", tools: { flux_edit_image: { deny_if: [{ id: "probe", conditions: [{ path: "args.prompt", op: "eq", value: capturedValue }] }] } } };
    const replayed = await h.call("POST", `/policies/${policy.body.id}/simulate`, {
      ...admin,
      body: { document: replayDraft, replay: { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() } },
    });
    expect(replayed.status, replayed.text).toBe(200);
    // The replay did use the captured value (else the checks below could not fail)…
    expect(replayed.body.replay).toMatchObject({ evaluatedWithArguments: 1, changed: 1 });

    const reads = await readEverything([identity.body.id, minted.body.id, rotated.body.id, created.body.id, invited.body.id, approval.id]);
    // The reads did reach what was made (the server with its masked credential, the tokens).
    expect(reads.some((res) => res.status === 200 && res.text.includes(created.body.id) && res.text.includes("X-Demo-Key"))).toBe(true);
    expect(reads.some((res) => res.status === 200 && res.text.includes(rotated.body.id))).toBe(true);
    expect(reads.some((res) => res.status === 200 && res.text.includes(approval.id))).toBe(true);
    const audit = await h.db.auditEvent.findMany({ where: { orgId: t.orgA.id } });
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(["token.rotate", "server.update"]));

    const hashesAndCiphertexts: Secret[] = [
      ...tokenRows.map((row, index) => ({ what: `token hash ${index}`, value: row.hash })),
      ...ciphertextParts("upstream credential ciphertext", serverRow.upstreamAuthEnc ?? ""),
      ...ciphertextParts("approval arguments ciphertext", approval.argsEnc ?? ""),
      ...ciphertextParts("captured arguments ciphertext", capturedEnc),
      { what: "invitation token hash", value: invitationRow.tokenHash },
    ];
    const credentials: Secret[] = [
      { what: "upstream credential", value: UPSTREAM_KEY },
      { what: "invitation link token", value: invitationToken },
    ];
    // Created secrets appear in their own create/rotate response only; hashes, ciphertexts and
    // upstream credentials in no response at all.
    expectNowhere(
      [...hashesAndCiphertexts, ...credentials],
      [minted, rotated, created, patched, tested, invited].map((res, index) => ({ where: `write response #${index}`, text: res.text })),
    );
    expectNowhere(
      [...ciphertextParts("captured arguments ciphertext", capturedEnc), { what: "captured argument value", value: capturedValue }],
      [captureOn, replayed].map((res, index) => ({ where: `capture/replay response #${index}`, text: res.text })),
    );
    expectNowhere([{ what: "the first token", value: minted.body.token }], [{ where: "the rotate response", text: rotated.text }]);
    expectNowhere(
      [
        ...hashesAndCiphertexts,
        ...credentials,
        { what: "minted token", value: minted.body.token },
        { what: "rotated token", value: rotated.body.token },
        { what: "captured argument value", value: capturedValue },
      ],
      [
        ...reads.map((res, index) => ({ where: `read #${index} (${res.status})`, text: res.text })),
        { where: "audit events", text: JSON.stringify(audit) },
        { where: "the log", text: logged.join("\n") },
      ],
    );
  });
});
