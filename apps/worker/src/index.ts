// What tests (and a future combined runner) use: the ingestion loop and its parts.
export { type IngestOptions, ingestDecisions } from "./decisions/ingest-decisions.ts";
export { parseEntries } from "./decisions/parse-entries.ts";
export { storeDecisions } from "./decisions/store-decisions.ts";
export { type StreamRef, ensureGroup } from "./decisions/stream.ts";
export { type JobDeps, approvalHandlers, systemContext } from "./jobs/approval-handlers.ts";
export { webhookHandlers } from "./jobs/webhook-handlers.ts";
export { createMailer, type Mail, type Mailer, type MailerOptions } from "./jobs/mailer.ts";
export { approvalMail, type ApprovalMailFacts } from "./jobs/approval-mail.ts";
export { runCatalogJobs } from "./jobs/run-catalog-jobs.ts";
export { type RetentionDeps, retentionHandlers } from "./retention/retention-jobs.ts";
export { startRetention } from "./retention/start-retention.ts";
export { type DiscoveryDeps, discoveryHandlers } from "./discovery/discovery-jobs.ts";
