// Who is acting, in which org, with which role: every verb takes this as its first argument, and
// every query it runs filters by `ctx.orgId` (STYLE.md §2).
import type { Db } from "@gatehouse/db";
import type { ApprovalState, Producer } from "@gatehouse/jobs";
import type { BundleAnnouncement, Role } from "@gatehouse/shared";

export type Actor =
  | { type: "user"; userId: string; label: string }
  | { type: "api_key"; apiKeyId: string; label: string }
  | { type: "system"; label: string };

export type ServiceContext = {
  db: Db;
  orgId: string;
  role: Role;
  actor: Actor;
  requestId: string;
  /** Key material for AES-256-GCM envelopes of upstream secrets (see @gatehouse/shared/node envelope.ts). */
  secrets: SecretsConfig;
  /**
   * Nudges proxies after a verb rebuilt the org's bundle (Redis pub/sub in the apps, see
   * `createBundleAnnouncer` in @gatehouse/jobs). Optional: without it bundles are still rebuilt,
   * and proxies pick them up on their periodic poll instead of at once.
   */
  bundles?: BundleAnnouncer;
  /** Live approval state and its pub/sub channel (Redis). Deciding and expiring approvals need it. */
  approvals?: ApprovalState;
  /** Enqueues catalog jobs (BullMQ) after a change: expiry, notifications, webhooks. */
  jobs?: Pick<Producer, "enqueue">;
  /** Where work that runs after a commit reports failures it must not throw (a failed publish). */
  onBackgroundError?: (message: string, error: unknown) => void;
};

export type BundleAnnouncer = { announce(announcement: BundleAnnouncement): Promise<void> };

export type SecretsConfig = { encryptionKey: Buffer };

export function actorId(actor: Actor): string | null {
  if (actor.type === "user") return actor.userId;
  if (actor.type === "api_key") return actor.apiKeyId;
  return null;
}
