// One listed tool definition applied to a server's stored tools: the pinning state machine that
// discovery (every tool of a scan) and a proxy's drift report (the tools it saw change) share,
// so both mark a change the same way.
//
// - New tool: stored; accepted at once on a first scan or under `allow`, quarantined otherwise.
// - Same hash as the accepted one: active again (a tool that changed back).
// - Another hash: `changed` (allow) or `quarantined` (quarantine); the definition that was
//   accepted is kept for the review diff (only the first change sets it).
import { Prisma, type Tx } from "@gatehouse/db";
import { type ListedTool, toolDefinition, toolDefinitionHash } from "@gatehouse/policy";
import { newId } from "@gatehouse/shared";
import { classifyTool, type ToolDefinition } from "./classify-risk.ts";

export type StoredTool = {
  id: string;
  name: string;
  title: string | null;
  description: string | null;
  inputSchema: unknown;
  outputSchema: unknown;
  annotations: unknown;
  definitionHash: string;
  acceptedHash: string | null;
  acceptedDefinition: unknown;
  status: string;
};

export type ApplyOptions = { orgId: string; serverId: string; now: Date; firstScan: boolean; quarantine: boolean };

/** What applying the definition did, for discovery's summary and the audit event. */
export type ToolTransition = { added: boolean; changed: boolean; hash: string; from: string | null; status: "active" | "changed" | "quarantined" };

export async function applyToolDefinition(tx: Tx, tool: ListedTool, before: StoredTool | undefined, o: ApplyOptions): Promise<ToolTransition> {
  const hash = toolDefinitionHash(tool);
  const risk = classifyTool(tool as ToolDefinition);
  const fields = {
    title: tool.title ?? null,
    description: tool.description ?? null,
    inputSchema: (tool.inputSchema ?? {}) as Prisma.InputJsonValue,
    outputSchema: tool.outputSchema === undefined ? Prisma.DbNull : (tool.outputSchema as Prisma.InputJsonValue),
    annotations: tool.annotations === undefined ? Prisma.DbNull : (tool.annotations as Prisma.InputJsonValue),
    riskCategory: risk.category,
    riskLevel: risk.level,
    riskSignals: risk.signals.map((s) => s.kind),
    riskSignalDetails: risk.signals as Prisma.InputJsonValue,
    definitionHash: hash,
    lastSeenAt: o.now,
    removedAt: null,
  };
  if (!before) {
    const accepted = o.firstScan || !o.quarantine;
    await tx.tool.create({
      data: {
        id: newId("tool"),
        orgId: o.orgId,
        serverId: o.serverId,
        name: tool.name,
        ...fields,
        firstSeenAt: o.now,
        acceptedHash: accepted ? hash : null,
        status: accepted ? "active" : "quarantined",
      },
    });
    return { added: !o.firstScan, changed: false, hash, from: null, status: accepted ? "active" : "quarantined" };
  }
  const added = before.status === "removed";
  if (before.acceptedHash === hash) {
    await tx.tool.update({ where: { id: before.id }, data: { ...fields, status: "active", acceptedDefinition: Prisma.DbNull } });
    return { added, changed: false, hash, from: before.definitionHash, status: "active" };
  }
  const changed = before.definitionHash !== hash && before.status !== "removed";
  const status = o.quarantine ? "quarantined" : "changed";
  await tx.tool.update({
    where: { id: before.id },
    data: {
      ...fields,
      status,
      // Keep the definition that was accepted, for the diff; only the first change sets it.
      ...(before.acceptedDefinition === null && before.acceptedHash === before.definitionHash
        ? { acceptedDefinition: definitionOf(before) as Prisma.InputJsonValue }
        : {}),
    },
  });
  return { added, changed, hash, from: before.definitionHash, status };
}

/** A stored row's definition, rebuilt the way toolDefinition builds a listed one. */
function definitionOf(row: StoredTool) {
  return toolDefinition({
    name: row.name,
    ...(row.title !== null ? { title: row.title } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    inputSchema: row.inputSchema,
    ...(row.outputSchema !== null ? { outputSchema: row.outputSchema } : {}),
    ...(row.annotations !== null ? { annotations: row.annotations } : {}),
  });
}
