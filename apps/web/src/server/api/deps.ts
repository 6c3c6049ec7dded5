// What the API needs from its host: the database, key material, the bundle announcer and the
// deployment's settings. The Next.js route handler passes the live ones (live-deps.ts); tests
// build their own against the real Postgres and Redis.
import type { Db } from "@gatehouse/db";
import type { BundleAnnouncer, DecisionEventSource, SecretsConfig } from "@gatehouse/services";
import type { Mailer } from "../mailer";
import type { ApprovalState, Producer } from "@gatehouse/jobs";
import type { ApprovalEventHub } from "../approval-events";

export type ApiDeps = {
  db: Db;
  secrets: SecretsConfig;
  /** Auth.js secret: decrypts the dashboard's session cookie. */
  authSecret: string;
  bundles?: BundleAnnouncer;
  /** The decision log's live tail (Redis pub/sub); absent without Redis, and the tail route says so. */
  decisionTail?: DecisionEventSource;
  /** Live approval state (Redis): deciding needs it. */
  approvals?: ApprovalState;
  /** Approval events for the inbox stream (/approvals/events). */
  approvalEvents?: ApprovalEventHub;
  /** Catalog job producer (webhook deliveries, expiry). */
  jobs?: Pick<Producer, "enqueue">;
  /** Deployment-wide: may servers point at private networks (npm start turns it on). */
  allowPrivateNetworks: boolean;
  /** Where agents reach the proxy, e.g. https://proxy.example.com (server responses link to it). */
  publicProxyUrl: string;
  /** Where people reach the dashboard (invitation links). */
  publicWebUrl: string;
  /** Sends invitation emails; without one, invitations are created but not mailed (`emailSent: false`). */
  mailer?: Mailer;
};
