// "This id in this org" → the webhook endpoint row, or a 404 that cannot tell another org's id from a
// missing one (STYLE.md §2). Every webhook verb loads endpoints through here.
import { AppError } from "@gatehouse/shared";
import { randomBytes } from "node:crypto";
import type { ServiceContext } from "../context.ts";
import { dbOf, found } from "../db-of.ts";
import { guardUpstreamUrl } from "../servers/guard-upstream-url.ts";

export const getWebhookInOrg = (ctx: ServiceContext, id: string) =>
  found(dbOf(ctx).webhookEndpoint.findFirst({ where: { id, orgId: ctx.orgId } }), "Webhook");

/** A Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The SSRF guard for endpoint URLs, its refusal reported at the `url` field. */
export async function guardWebhookUrl(url: string, options: { allowPrivateNetworks: boolean }): Promise<void> {
  try {
    await guardUpstreamUrl(url, options);
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed") {
      throw new AppError("validation_failed", error.message, [{ path: "url", message: error.message }]);
    }
    throw error;
  }
}
