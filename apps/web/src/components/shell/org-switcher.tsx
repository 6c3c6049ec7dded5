"use client";
// The org switcher. Choosing an org posts to /api/orgs/switch, which re-checks membership and
// sets the org cookie (a preference, never an authority). The form lives outside the menu so
// closing the menu on select cannot unmount it mid-submit.
import { ROLE_LABELS, type Role } from "@gatehouse/shared";
import { Building2, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

type Org = { orgId: string; orgName: string; role: Role };

export function OrgSwitcher({ current, memberships }: { current: Org; memberships: Org[] }) {
  const form = useRef<HTMLFormElement>(null);
  const orgInput = useRef<HTMLInputElement>(null);

  function switchTo(orgId: string) {
    if (orgId === current.orgId || !form.current || !orgInput.current) return;
    orgInput.current.value = orgId;
    form.current.requestSubmit();
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="secondary" data-testid="org-switcher" className="h-9 min-w-0 max-w-[min(20rem,calc(100vw-10rem))] justify-start gap-2 px-2.5">
            <Building2 aria-hidden className="text-zinc-500" />
            <span data-testid="current-org" className="truncate font-medium">
              {current.orgName}
            </span>
            <span className="hidden text-xs font-normal text-muted-foreground sm:inline">{ROLE_LABELS[current.role]}</span>
            <ChevronsUpDown aria-hidden className="ml-auto text-zinc-400" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-72">
          <DropdownMenuLabel>Your organizations</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={current.orgId} onValueChange={switchTo}>
            {memberships.map((org) => (
              <DropdownMenuRadioItem key={org.orgId} value={org.orgId}>
                <span className="min-w-0 flex-1 truncate">{org.orgName}</span>
                <span className="text-xs text-muted-foreground">{ROLE_LABELS[org.role]}</span>
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/orgs/new">
              <Plus aria-hidden />
              New organization
            </Link>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <form ref={form} method="post" action="/api/orgs/switch" hidden>
        <input ref={orgInput} type="hidden" name="orgId" defaultValue={current.orgId} />
      </form>
    </>
  );
}
