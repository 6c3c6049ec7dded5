// The policy editor: visual builder and JSON over one draft, versions with diff, publish and
// rollback, the simulator and replay. The server loads everything the first paint needs.
import { can } from "@gatehouse/shared";
import { getPolicy, listIdentities, listPolicyTools } from "@gatehouse/services";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getServiceContext } from "@/server/context";
import { PolicyEditor } from "./policy-editor";

export const metadata: Metadata = { title: "Policy" };

/** A list verb's rows, whether it answers an array or a `{ data }` page. */
function rowsOf<T>(value: T[] | { data: T[] }): T[] {
  return Array.isArray(value) ? value : value.data;
}

export default async function PolicyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await getServiceContext();
  const policy = await getPolicy(ctx, { policyId: id }).catch((error: unknown) => {
    if ((error as { code?: string }).code === "not_found") notFound();
    throw error;
  });
  const [tools, identities] = await Promise.all([listPolicyTools(ctx, { policyId: id }), listIdentities(ctx, { limit: 200 })]);
  return (
    <PolicyEditor
      initialPolicy={policy}
      tools={tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, riskLevel: t.riskLevel }))}
      identities={rowsOf(identities).map((i) => ({ id: i.id, name: i.name, kind: i.kind }))}
      canWrite={can(ctx.role, "policies:write")}
    />
  );
}
