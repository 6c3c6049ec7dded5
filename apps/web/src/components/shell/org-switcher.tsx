// The org switcher: plain forms posting to /api/orgs/switch, which re-checks membership.
import { ROLE_LABELS, type Role } from "@gatehouse/shared";
import Link from "next/link";

type Org = { orgId: string; orgName: string; role: Role };

export function OrgSwitcher({ current, memberships }: { current: Org; memberships: Org[] }) {
  return (
    <details className="group relative">
      <summary
        data-testid="org-switcher"
        className="flex cursor-pointer list-none items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm shadow-xs hover:bg-zinc-50"
      >
        <span data-testid="current-org" className="font-medium">
          {current.orgName}
        </span>
        <span className="text-xs text-zinc-500">{ROLE_LABELS[current.role]}</span>
        <span aria-hidden className="text-zinc-400 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="absolute left-0 z-10 mt-1 w-72 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg">
        <ul aria-label="Your organizations">
          {memberships.map((org) => (
            <li key={org.orgId}>
              <form method="post" action="/api/orgs/switch">
                <input type="hidden" name="orgId" value={org.orgId} />
                <button
                  type="submit"
                  className="flex w-full items-center justify-between rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100"
                  aria-current={org.orgId === current.orgId ? "true" : undefined}
                >
                  <span className={org.orgId === current.orgId ? "font-semibold" : ""}>{org.orgName}</span>
                  <span className="text-xs text-zinc-500">{ROLE_LABELS[org.role]}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-zinc-100 pt-1">
          <Link href="/orgs/new" className="block rounded-md px-3 py-2 text-sm font-medium text-indigo-600 hover:bg-zinc-100">
            + New organization
          </Link>
        </div>
      </div>
    </details>
  );
}
