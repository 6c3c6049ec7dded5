// A proxy relayed a tools/list result in which some tools differ from what the control plane
// last saw (POST /api/internal/tool-drift). Each reported definition is hashed here and applied
// exactly as discovery would apply it (apply-tool-definition.ts): `changed` under allow,
// `quarantined` under quarantine — at once, rather than at the next scheduled discovery — so
// every proxy replica (through the rebuilt bundle) and the dashboard agree.
//
// Reports are idempotent: a definition the control plane already holds changes nothing, so a
// flapping upstream reported by many replicas costs a read each, not a write, an audit event and
// a bundle rebuild. A server never discovered has nothing pinned yet; its reports are ignored.
import { Prisma } from "@gatehouse/db";
import { toolDefinitionHash } from "@gatehouse/policy";
import type { ToolDriftReport, ToolDriftResult } from "@gatehouse/shared";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { getServerInOrg } from "../servers/internal.ts";
import { transact } from "../transaction.ts";
import { emitWebhookEvent } from "../webhooks/enqueue-webhook-event.ts";
import { applyToolDefinition } from "./apply-tool-definition.ts";

type Marked = { name: string; status: string; from: string | null; to: string; added: boolean };

export async function recordToolDrift(ctx: ServiceContext, input: Omit<ToolDriftReport, "orgId">): Promise<ToolDriftResult> {
  let outcome: { server: { id: string; name: string }; marked: Marked[]; known: string[] };
  try {
    outcome = await applyReport(ctx, input);
  } catch (error) {
    // Two replicas reporting the same new tool at once: the second insert loses the race; by
    // then the first has stored it, so a second pass finds it known.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    outcome = await applyReport(ctx, input);
  }
  const { server, marked, known } = outcome;
  if (marked.length > 0) {
    await refreshBundle(ctx);
    for (const tool of marked) {
      await emitWebhookEvent(ctx, {
        type: "tool.changed",
        data: { serverId: server.id, serverName: server.name, tool: tool.name, status: tool.status, previousHash: tool.from, hash: tool.to, source: "proxy" },
      });
    }
  }
  return { marked: marked.map((t) => t.name), known };
}

async function applyReport(ctx: ServiceContext, input: Omit<ToolDriftReport, "orgId">) {
  return transact(ctx, async (tx, txCtx) => {
    const server = await getServerInOrg(txCtx, input.serverId);
    const names = input.tools.map((t) => t.name);
    if (server.lastDiscoveredAt === null) return { server, marked: [] as Marked[], known: names };
    const quarantine = server.onToolChange === "quarantine";
    const rows = await tx.tool.findMany({ where: { orgId: ctx.orgId, serverId: server.id, name: { in: names } } });
    const existing = new Map(rows.map((t) => [t.name, t]));
    const now = new Date();
    const marked: Marked[] = [];
    const known: string[] = [];
    const seen = new Set<string>();
    for (const tool of input.tools) {
      if (seen.has(tool.name)) continue;
      seen.add(tool.name);
      const before = existing.get(tool.name);
      if (before && before.status !== "removed" && before.definitionHash === toolDefinitionHash(tool)) {
        known.push(tool.name);
        continue;
      }
      const t = await applyToolDefinition(tx, tool, before, { orgId: ctx.orgId, serverId: server.id, now, firstScan: false, quarantine });
      marked.push({ name: tool.name, status: t.status, from: t.from, to: t.hash, added: t.added });
    }
    if (marked.length > 0) {
      await recordAudit(ctx, tx, {
        action: "tool.drift",
        targetType: "server",
        targetId: server.id,
        data: { source: "proxy", tools: marked.map((t) => ({ name: t.name, status: t.status, added: t.added, from: t.from, to: t.to })) },
      });
    }
    return { server, marked, known };
  });
}
