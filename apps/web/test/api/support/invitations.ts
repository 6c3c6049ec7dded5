// An invitation row made directly (no mail), and the token its link would carry.
import type { Db } from "@gatehouse/db";
import { randomName } from "@gatehouse/db/testing";
import { type Role, newId } from "@gatehouse/shared";
import { generateSecret } from "@gatehouse/shared/node";

export async function createTestInvitation(db: Db, input: { orgId: string; email?: string; role?: Role; expiresAt?: Date }) {
  const secret = generateSecret("gthi_");
  const row = await db.invitation.create({
    data: {
      id: newId("invitation"),
      orgId: input.orgId,
      email: input.email ?? `${randomName("invitee")}@example.test`,
      role: input.role ?? "viewer",
      tokenHash: secret.hash,
      expiresAt: input.expiresAt ?? new Date(Date.now() + 86_400_000),
    },
  });
  return { row, token: secret.plaintext };
}
