// A webhook endpoint row made directly (its secret encrypted with the harness's key when given).
import type { Db } from "@gatehouse/db";
import { newId } from "@gatehouse/shared";
import { encryptText } from "@gatehouse/shared/node";
import { randomBytes } from "node:crypto";

export async function createTestWebhook(db: Db, input: { orgId: string; url?: string; events?: string[]; encryptionKey?: Buffer }) {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  return db.webhookEndpoint.create({
    data: {
      id: newId("webhook"),
      orgId: input.orgId,
      url: input.url ?? "https://8.8.8.8/hooks",
      events: input.events ?? ["approval.requested"],
      secretEnc: encryptText(input.encryptionKey ?? randomBytes(32), secret),
    },
  });
}
