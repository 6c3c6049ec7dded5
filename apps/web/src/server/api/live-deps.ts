// The API's dependencies in the running web app: one set per process.
import { env } from "@/env";
import { liveApprovals } from "@/server/approval-events";
import { bundleAnnouncer } from "@/server/bundles";
import { db } from "@/server/db";
import { decisionTail } from "@/server/decision-tail";
import { liveJobs } from "@/server/jobs";
import { liveMailer } from "@/server/mailer";
import type { ApiDeps } from "./deps";

export function liveApiDeps(): ApiDeps {
  const config = env();
  const bundles = bundleAnnouncer();
  const tail = decisionTail();
  const mailer = liveMailer(config);
  const approvals = liveApprovals(config.REDIS_URL);
  const jobs = liveJobs(config.REDIS_URL);
  return {
    db: db(),
    secrets: { encryptionKey: config.GATEHOUSE_ENCRYPTION_KEY },
    authSecret: config.AUTH_SECRET,
    ...(bundles ? { bundles } : {}),
    ...(tail ? { decisionTail: tail } : {}),
    ...(approvals ? { approvals: approvals.state, approvalEvents: approvals.hub } : {}),
    allowPrivateNetworks: config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "1" || config.GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS === "true",
    publicProxyUrl: config.GATEHOUSE_PUBLIC_PROXY_URL,
    publicWebUrl: config.AUTH_URL ?? config.GATEHOUSE_PUBLIC_WEB_URL,
    ...(mailer ? { mailer } : {}),
    ...(jobs ? { jobs } : {}),
  };
}
