// The columns every grants table shows after who and where: policy (or none: deny all), status,
// expiry and when it was granted. The organization's grants page and an identity's page share them.
import type { GrantResponse } from "@gatehouse/shared";
import { Badge } from "@/components/ui/badge";
import type { dataTableColumns } from "@/components/ui/data-table";
import { DateTime } from "@/components/ui/date-time";

export function grantState(grant: GrantResponse, now = Date.now()): { tone: "success" | "warning" | "danger"; label: string } {
  if (!grant.enabled) return { tone: "warning", label: "Disabled" };
  if (grant.expiresAt && new Date(grant.expiresAt).getTime() <= now) return { tone: "danger", label: "Expired" };
  return { tone: "success", label: "Active" };
}

export function grantDetailColumns(col: ReturnType<typeof dataTableColumns<GrantResponse>>) {
  return [
    col.accessor((grant) => grant.policy?.name ?? "", {
      id: "policy",
      header: "Policy",
      sortFn: "alphanumeric",
      cell: (info) => info.getValue() || <span className="text-muted-foreground">None — denies every call</span>,
    }),
    col.accessor((grant) => grantState(grant).label, {
      id: "status",
      header: "Status",
      sortFn: "text",
      cell: (info) => {
        const state = grantState(info.row.original);
        return <Badge tone={state.tone}>{state.label}</Badge>;
      },
    }),
    col.accessor("expiresAt", { header: "Expires", sortFn: "datetime", cell: (info) => (info.getValue() ? <DateTime value={info.getValue()} /> : <span className="text-muted-foreground">Never</span>) }),
    col.accessor("createdAt", { header: "Granted", sortFn: "datetime", cell: (info) => <DateTime value={info.getValue()} /> }),
  ] as const;
}
