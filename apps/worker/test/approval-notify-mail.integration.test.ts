// approval.notify over real SMTP: a local `smtp-server` (AUTH, no TLS, on 127.0.0.1) receives the
// conversation nodemailer holds with it. The job chain is the real one (approval.persist stores the
// request and enqueues approval.notify, through BullMQ on a private prefix). The mail names who asks,
// the server, the tool, the argument names, the rule and the inbox link; it goes only to members
// who may decide; and no argument value, sealed envelope or SMTP password is in it. A relay that
// refuses once is retried.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createDb } from "@gatehouse/db";
import { addTestMember, createTestIdentity, createTestOrg, createTestPolicy, createTestServer, createTestUser, testDatabaseUrl } from "@gatehouse/db/testing";
import { ApprovalState, approvalPersist, createProducer, createRedis, safeJobId } from "@gatehouse/jobs";
import type { Role } from "@gatehouse/shared";
import { newId } from "@gatehouse/shared";
import { encryptText, sha256Hex } from "@gatehouse/shared/node";
import { Queue } from "bullmq";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer, runCatalogJobs } from "../src/index.ts";
import { capturingLogger, redisUrl, waitUntil } from "./support.ts";

const db = createDb(testDatabaseUrl(), { maxConnections: 3 });
const prefix = `gatehouse-test-${randomBytes(5).toString("hex")}`;
const producerConnection = createRedis(redisUrl, "producer");
const workerConnection = createRedis(redisUrl, "worker");
const producer = createProducer(producerConnection, { prefix });
// A private key prefix and channel: nothing this suite does reaches other checkouts' proxies or inboxes.
const approvals = new ApprovalState(producerConnection, `${prefix}:`);
const encryptionKey = randomBytes(32);
const WEB_URL = "https://gatehouse.example.test/";
const SMTP_USER = "gatehouse-mailer";
const SMTP_PASS = `smtp-pass-${randomBytes(8).toString("hex")}`;

type Received = { from: string; to: string[]; raw: string };

/**
 * A real SMTP server on a free loopback port. `refuseFirst` answers the first RCPT TO with a
 * temporary failure (451), as a greylisting relay does.
 */
async function smtpReceiver(options: { refuseFirst?: boolean } = {}) {
  const received: Received[] = [];
  let refusals = options.refuseFirst ? 1 : 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (nodemailer would upgrade and fail on a self-signed certificate).
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: SMTP_USER });
      return callback(new Error("Invalid username or password"));
    },
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals -= 1;
        const error = new Error("Greylisted, try again later") as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => {
        raw += chunk;
      });
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An org with one member per role, a server, an identity and a published policy version. */
async function orgWithMembers() {
  const org = await createTestOrg(db);
  const members = {} as Record<Role, string>;
  for (const role of ["admin", "approver", "policy_manager", "viewer"] as const) {
    const user = await createTestUser(db);
    await addTestMember(db, { orgId: org.id, userId: user.id, role });
    members[role] = user.email;
  }
  const server = await createTestServer(db, { orgId: org.id, name: `flux-${randomBytes(3).toString("hex")}` });
  const identity = await createTestIdentity(db, { orgId: org.id, name: `render-bot-${randomBytes(3).toString("hex")}` });
  const policy = await createTestPolicy(db, { orgId: org.id, serverId: server.id, document: { version: "1", default: "allow" } });
  return { org, members, server, identity, policyVersionId: policy.versions[0]?.id ?? "" };
}

/** What the proxy enqueues when it holds a call: the arguments sealed with the shared key. */
async function requestApproval(o: Awaited<ReturnType<typeof orgWithMembers>>, args: Record<string, unknown>, roles = ["approver"]) {
  const approvalId = newId("approval");
  const now = Date.now();
  const payload = {
    approvalId,
    orgId: o.org.id,
    identityId: o.identity.id,
    serverId: o.server.id,
    grantId: null,
    toolName: "flux_generate_image",
    argsHash: sha256Hex(JSON.stringify(args)),
    argKeys: Object.keys(args).sort(),
    argsEnc: encryptText(encryptionKey, JSON.stringify(args)),
    policyVersionId: o.policyVersionId,
    bundleRevision: 1,
    rule: "/tools/flux_generate_image/approve_if/expensive",
    roles,
    requestedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 10 * 60_000).toISOString(),
    timeoutMs: 10 * 60_000,
  };
  await producer.enqueue(approvalPersist, payload);
  return payload;
}

function startWorker(smtpUrl: string) {
  const { log } = capturingLogger();
  return runCatalogJobs({
    db,
    connection: workerConnection,
    prefix,
    secrets: { encryptionKey },
    approvals,
    jobs: producer,
    mailer: createMailer({ smtpUrl, from: "Gatehouse <approvals@gatehouse.example.test>", mailboxDir: null, log }),
    log,
    webUrl: WEB_URL,
  });
}

let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
let runner: ReturnType<typeof startWorker>;

beforeAll(async () => {
  smtp = await smtpReceiver();
  runner = startWorker(smtp.url);
});

afterAll(async () => {
  await runner?.close();
  await smtp?.close();
  for (const name of ["approvals", "webhooks"]) {
    const queue = new Queue(name, { connection: producerConnection, prefix });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
  await producer.close();
  producerConnection.disconnect();
  workerConnection.disconnect();
  await db.$disconnect();
});

describe("approval.notify by SMTP", () => {
  it("mails each member who may decide — who, server, tool, argument names, rule, inbox link — and no secret", async () => {
    const o = await orgWithMembers();
    const secret = `sk-live-${randomBytes(12).toString("hex")}`;
    const p = await requestApproval(o, { prompt: "a lighthouse at dusk", api_key: secret, size: "1024x1024" });

    const mine = () => smtp.received.filter((m) => m.raw.includes(p.approvalId));
    await waitUntil(async () => mine().length >= 2);
    // Recipients: the approver and the admin (admins always may decide); never the viewer or policy manager.
    expect(mine().flatMap((m) => m.to).sort()).toEqual([o.members.admin, o.members.approver].sort());
    for (const message of mine()) {
      expect(message.to).toHaveLength(1);
      expect(message.from).toBe("approvals@gatehouse.example.test");
      const mail = await simpleParser(message.raw);
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(message.to);
      expect(mail.subject).toBe(`Approval needed: ${o.identity.name} wants to call flux_generate_image on ${o.server.name}`);
      const text = mail.text ?? "";
      expect(text).toContain(`Identity:  ${o.identity.name}`);
      expect(text).toContain(`Server:    ${o.server.name}`);
      expect(text).toContain("Tool:      flux_generate_image");
      expect(text).toContain("Arguments: api_key, prompt, size (the values are shown in the inbox to those who may decide)");
      expect(text).toContain(`Rule:      ${p.rule}`);
      expect(text).toContain(`Expires:   ${p.expiresAt}`);
      expect(text).toContain(`Approve or deny it in the inbox: https://gatehouse.example.test/approvals?id=${p.approvalId}`);
      // Nothing secret, in the parsed text or anywhere in the raw message (headers included).
      for (const leak of [secret, "a lighthouse at dusk", p.argsEnc, SMTP_PASS, encryptionKey.toString("hex"), encryptionKey.toString("base64")]) {
        expect(message.raw).not.toContain(leak);
        expect(text).not.toContain(leak);
      }
    }
  });

  it("mails the roles the policy names, and never a viewer, whatever the policy names", async () => {
    const o = await orgWithMembers();
    const named = await requestApproval(o, { prompt: "named roles" }, ["policy_manager"]);
    await waitUntil(async () => smtp.received.some((m) => m.raw.includes(named.approvalId) && m.to.includes(o.members.policy_manager)));
    // The viewer is never mailed, whatever the policy names (viewers never decide).
    const viewerOnly = await requestApproval(o, { prompt: "viewer only" }, ["viewer"]);
    await waitUntil(async () => smtp.received.some((m) => m.raw.includes(viewerOnly.approvalId)));
    expect(smtp.received.filter((m) => m.raw.includes(named.approvalId)).flatMap((m) => m.to).sort()).toEqual([o.members.admin, o.members.policy_manager].sort());
    expect(smtp.received.filter((m) => m.raw.includes(viewerOnly.approvalId)).flatMap((m) => m.to)).toEqual([o.members.admin]);
  });
});

describe("a relay that refuses for now", () => {
  it("retries the notification with backoff until the relay takes it", async () => {
    const greylisting = await smtpReceiver({ refuseFirst: true });
    // A second runner on another prefix would not see this suite's jobs; swap the mailer instead.
    await runner.close();
    runner = startWorker(greylisting.url);
    try {
      const o = await orgWithMembers();
      await db.membership.deleteMany({ where: { orgId: o.org.id, role: { not: "admin" } } });
      const p = await requestApproval(o, { prompt: "retry me" });
      await waitUntil(async () => greylisting.received.some((m) => m.raw.includes(p.approvalId)), 20_000);
      expect(greylisting.received.filter((m) => m.raw.includes(p.approvalId)).flatMap((m) => m.to)).toEqual([o.members.admin]);
      const queue = new Queue("approvals", { connection: producerConnection, prefix });
      const job = await queue.getJob(safeJobId("approval.notify", p.approvalId));
      await queue.close();
      // The first attempt failed on the 451 and the job ran again.
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(2);
    } finally {
      await greylisting.close();
    }
  }, 40_000);
});
