import { getOrg } from "@gatehouse/services";
import { ROLE_LABELS, can } from "@gatehouse/shared";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateTime } from "@/components/ui/date-time";
import { getServiceContext } from "@/server/context";
import { OrgNameForm } from "./org-name-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await getServiceContext();
  const org = await getOrg(ctx);
  const canManage = can(ctx.role, "org:manage");
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Name</CardTitle>
          <CardDescription>
            {canManage ? "What members see in the organization switcher and in emails." : "Only admins can rename the organization."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {canManage ? (
            <OrgNameForm name={org.name} />
          ) : (
            <p className="text-sm font-medium" data-testid="org-name">
              {org.name}
            </p>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Organization</CardTitle>
          <CardDescription>The id is what the API and the proxy's bundles name this organization by.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-2">
            <Fact term="Slug" mono>
              {org.slug}
            </Fact>
            <Fact term="Organization id" mono>
              <span className="inline-flex items-center gap-1">
                <span data-testid="org-id">{org.id}</span>
                <CopyButton value={org.id} label="Copy organization id" toastMessage="Organization id copied" />
              </span>
            </Fact>
            <Fact term="Created">
              <DateTime value={org.createdAt} />
            </Fact>
            <Fact term="Your role">
              <span data-testid="my-role">{ROLE_LABELS[ctx.role]}</span>
            </Fact>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}

function Fact({ term, children, mono = false }: { term: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{term}</dt>
      <dd className={mono ? "mt-0.5 font-mono text-xs break-all" : "mt-0.5"}>{children}</dd>
    </div>
  );
}
