// Writes one AuditEvent. Called by state-changing verbs inside their transaction (STYLE.md §8).
import type { Prisma, Tx } from "@gatehouse/db";
import { newId } from "@gatehouse/shared";
import { type ServiceContext, actorId } from "../context.ts";

export async function recordAudit(
  ctx: Pick<ServiceContext, "orgId" | "actor" | "requestId">,
  tx: Tx,
  event: { action: string; targetType: string; targetId?: string | null; data?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      id: newId("audit"),
      orgId: ctx.orgId,
      actorType: ctx.actor.type,
      actorId: actorId(ctx.actor),
      actorLabel: ctx.actor.label,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      ...(event.data === undefined ? {} : { data: event.data }),
      requestId: ctx.requestId,
    },
  });
}
