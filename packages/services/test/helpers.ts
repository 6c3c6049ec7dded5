// Shared setup for the services integration suites: a real database, a context per org.
import { randomBytes } from "node:crypto";
import type { Db } from "@gatehouse/db";
import type { Role } from "@gatehouse/shared";
import type { BundleAnnouncer } from "../src/index.ts";

export const encryptionKey = randomBytes(32);

export function ctxFor(db: Db, orgId: string, options: { role?: Role; bundles?: BundleAnnouncer } = {}) {
  return {
    db,
    orgId,
    role: options.role ?? "admin",
    actor: { type: "system" as const, label: "test" },
    requestId: "req_test",
    secrets: { encryptionKey },
    allowPrivateNetworks: true,
    ...(options.bundles ? { bundles: options.bundles } : {}),
  };
}

export const FLUX_POLICY = {
  version: "1",
  default: "deny",
  tools: { flux_edit_image: { limits: [{ counter: "flux_edit_image_rate", window: "minute", max: 30, scope: "grant" }] } },
};

export const ALLOW_ALL = { version: "1", default: "allow" };
