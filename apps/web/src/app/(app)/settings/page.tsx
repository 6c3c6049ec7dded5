import { getOrgSettings } from "@gatehouse/services";
import { ROLE_LABELS } from "@gatehouse/shared";
import type { Metadata } from "next";
import { formatDateTime } from "@/components/format";
import { Badge, Cell, DateCell, PageHeader, Table } from "@/components/page-parts";
import { getServiceContext } from "@/server/context";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await getServiceContext();
  const org = await getOrgSettings(ctx);
  return (
    <>
      <PageHeader title="Settings" description="This organization and its members." />
      <dl className="mb-8 grid grid-cols-1 gap-4 rounded-xl border border-zinc-200 bg-white p-5 text-sm shadow-xs sm:grid-cols-2">
        <Fact term="Name" value={org.name} />
        <Fact term="Slug" value={org.slug} mono />
        <Fact term="Organization id" value={org.id} mono testId="org-id" />
        <Fact term="Created" value={formatDateTime(org.createdAt)} />
        <Fact term="Your role" value={ROLE_LABELS[ctx.role]} />
      </dl>
      <h2 className="mb-3 text-base font-semibold">Members</h2>
      <Table label="Members" head={["Name", "Email", "Role", "Joined"]}>
        {org.memberships.map((member) => (
          <tr key={member.id}>
            <Cell>{member.user.name ?? "—"}</Cell>
            <Cell>{member.user.email}</Cell>
            <Cell>
              <Badge tone={member.role === "admin" ? "indigo" : "zinc"}>{ROLE_LABELS[member.role]}</Badge>
            </Cell>
            <DateCell value={member.createdAt} />
          </tr>
        ))}
      </Table>
    </>
  );
}

function Fact({ term, value, mono = false, testId }: { term: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-zinc-500">{term}</dt>
      <dd data-testid={testId} className={`mt-0.5 ${mono ? "font-mono text-xs" : ""}`}>
        {value}
      </dd>
    </div>
  );
}
