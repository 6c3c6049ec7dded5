// POST /servers/{id}/discover (and the worker's scheduled scan): list the upstream's tools with
// the MCP SDK client (paginated `tools/list`, the server's credential and timeouts, through the
// SSRF guard), store each definition with its hash and risk, and mark what was added, changed
// and removed since the last scan.
//
// Pinning: the first discovery of a server accepts what it finds. Later, a tool whose hash
// differs from its accepted hash is `changed` (onToolChange: allow — it keeps working, an admin
// is told) or `quarantined` (onToolChange: quarantine — proxies drop and refuse it until an admin
// accepts); a tool new after the first scan is accepted at once under `allow` and quarantined
// under `quarantine`. A tool that changes back to its accepted definition is active again.
import { AppError, type DiscoveryResponse } from "@gatehouse/shared";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { recordAudit } from "../audit/record-audit.ts";
import { refreshBundle } from "../bundles/refresh-bundle.ts";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { getServerInOrg } from "../servers/internal.ts";
import { describeFailure } from "../servers/test-connection.ts";
import { type UpstreamTarget, connectUpstream } from "../servers/upstream-client.ts";
import { transact } from "../transaction.ts";
import { emitWebhookEvent } from "../webhooks/enqueue-webhook-event.ts";
import { applyToolDefinition } from "./apply-tool-definition.ts";
import { byRisk, presentTool } from "./present-tool.ts";

type Ctx = ServiceContext & { allowPrivateNetworks: boolean };

/** Pages and tools beyond these are refused: an upstream must not make discovery unbounded. */
const MAX_PAGES = 50;
const MAX_TOOLS = 2000;

export async function discoverTools(ctx: Ctx, input: { serverId: string }): Promise<DiscoveryResponse> {
  requirePermission(ctx, "servers:write");
  const server = await getServerInOrg(ctx, input.serverId);
  const listed = await listUpstreamTools(server, ctx);
  const now = new Date();

  const result = await transact(ctx, async (tx, txCtx) => {
    // Re-read inside the transaction: two scans at once must not both think they are the first.
    const current = await getServerInOrg(txCtx, server.id);
    const firstScan = current.lastDiscoveredAt === null;
    const quarantine = current.onToolChange === "quarantine";
    const existing = new Map((await tx.tool.findMany({ where: { orgId: ctx.orgId, serverId: server.id } })).map((t) => [t.name, t]));
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    const events: { tool: string; status: string; previousHash: string | null; hash: string }[] = [];

    for (const tool of listed) {
      const before = existing.get(tool.name);
      existing.delete(tool.name);
      const transition = await applyToolDefinition(tx, tool, before, { orgId: ctx.orgId, serverId: server.id, now, firstScan, quarantine });
      if (transition.added) added.push(tool.name);
      if (transition.changed) {
        changed.push(tool.name);
        events.push({ tool: tool.name, status: transition.status, previousHash: transition.from, hash: transition.hash });
      }
    }

    for (const gone of existing.values()) {
      if (gone.status === "removed") continue;
      removed.push(gone.name);
      await tx.tool.update({ where: { id: gone.id }, data: { status: "removed", removedAt: now } });
    }

    await tx.server.update({ where: { id: server.id }, data: { lastDiscoveredAt: now } });
    await recordAudit(ctx, tx, {
      action: "server.discover",
      targetType: "server",
      targetId: server.id,
      data: { tools: listed.length, added, changed, removed },
    });
    const tools = await tx.tool.findMany({ where: { orgId: ctx.orgId, serverId: server.id } });
    return { response: { added, changed, removed, tools: tools.map((tool) => presentTool(tool, current.argumentValidation)).sort(byRisk) }, events };
  });
  await refreshBundle(ctx);
  for (const event of result.events) {
    await emitWebhookEvent(ctx, { type: "tool.changed", data: { serverId: server.id, serverName: server.name, ...event, source: "discovery" } });
  }
  return result.response;
}

/** Every page of the upstream's `tools/list`. Failures become a 400 naming the reason. */
export async function listUpstreamTools(target: UpstreamTarget, ctx: Ctx): Promise<Tool[]> {
  let connection: Awaited<ReturnType<typeof connectUpstream>>;
  try {
    connection = await connectUpstream(target, { secrets: ctx.secrets, allowPrivateNetworks: ctx.allowPrivateNetworks });
  } catch (error) {
    throw unreachable(error);
  }
  const { client, timeoutMs } = connection;
  try {
    const tools: Tool[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
      for (const tool of result.tools) {
        // A name listed twice keeps its first definition; an upstream bug must not flip-flop hashes.
        if (seen.has(tool.name)) continue;
        seen.add(tool.name);
        tools.push(tool);
      }
      if (tools.length > MAX_TOOLS) throw new AppError("validation_failed", `The upstream lists more than ${MAX_TOOLS} tools.`);
      cursor = result.nextCursor;
      if (!cursor) return tools;
    }
    throw new AppError("validation_failed", `The upstream's tools/list did not end after ${MAX_PAGES} pages.`);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreachable(error);
  } finally {
    await client.close().catch(() => undefined);
  }
}

function unreachable(error: unknown): AppError {
  const failure = describeFailure(error);
  return new AppError("validation_failed", `Discovery failed: ${failure.message}`, [{ path: "upstreamUrl", message: failure.message }]);
}
