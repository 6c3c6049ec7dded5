// The captured arguments of some of a server's decisions, decrypted, for replay. Only rows inside
// the server's retention are read (the hourly purge may not have run yet), and only for roles that
// may write policies: a draft evaluated against real values is an oracle on them (a viewer could
// probe `args.x starts_with …` one character at a time), and viewers never see argument values.
import { can } from "@gatehouse/shared";
import { decryptText } from "@gatehouse/shared/node";
import type { ServiceContext } from "../context.ts";
import { retentionCutoff } from "../decision-logs/retention.ts";

export type CaptureSettings = { captureArguments: boolean; captureRetentionDays: number };

/** Whether this caller's replay may use captured values; `withheld` when the server captures but the role may not. */
export function captureAccess(ctx: ServiceContext, server: CaptureSettings): "on" | "off" | "withheld" {
  if (!can(ctx.role, "policies:write")) return server.captureArguments ? "withheld" : "off";
  return server.captureArguments ? "on" : "off";
}

/**
 * Decision id → arguments, for the ids that have captured arguments. An envelope that no longer
 * decrypts (the key was changed) or is not an object counts as not captured.
 */
export async function loadCapturedArguments(
  ctx: ServiceContext,
  input: { serverId: string; decisionIds: string[]; retentionDays: number; now?: Date },
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (!can(ctx.role, "policies:write") || input.decisionIds.length === 0) return out;
  const rows = await ctx.db.capturedArguments.findMany({
    where: { orgId: ctx.orgId, serverId: input.serverId, id: { in: input.decisionIds }, createdAt: { gte: retentionCutoff(input.now ?? new Date(), input.retentionDays) } },
    select: { id: true, argsEnc: true },
  });
  for (const row of rows) {
    try {
      const args: unknown = JSON.parse(decryptText(ctx.secrets.encryptionKey, row.argsEnc));
      if (typeof args === "object" && args !== null && !Array.isArray(args)) out.set(row.id, args as Record<string, unknown>);
    } catch {
      // Unreadable with this key: replayed like an uncaptured call.
    }
  }
  return out;
}
