// Tool rows written straight to the database, for route tests that need tools without running
// a discovery (the discovery itself is tested against the demo upstream).
import type { Db } from "@gatehouse/db";
import { newId } from "@gatehouse/shared";

export async function insertTestTool(db: Db, input: { orgId: string; serverId: string; name?: string; status?: "active" | "changed" | "quarantined" | "removed" }) {
  return db.tool.create({
    data: {
      id: newId("tool"),
      orgId: input.orgId,
      serverId: input.serverId,
      name: input.name ?? `tool_${Math.random().toString(36).slice(2, 8)}`,
      inputSchema: { type: "object", properties: {} },
      riskCategory: "read",
      riskLevel: "low",
      definitionHash: "b".repeat(64),
      acceptedHash: input.status === "changed" || input.status === "quarantined" ? "a".repeat(64) : "b".repeat(64),
      status: input.status ?? "active",
    },
  });
}
