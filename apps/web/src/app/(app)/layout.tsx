// The signed-in shell: header (org switcher, user, sign-out) and section navigation.
import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { NavLinks } from "@/components/shell/nav-links";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { getOrgSelection } from "@/server/context";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, memberships, current } = await getOrgSelection();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2.5">
          <Link href="/">
            <Logo />
          </Link>
          <OrgSwitcher current={current} memberships={memberships} />
          <div className="ml-auto flex items-center gap-3">
            <span data-testid="user-email" className="hidden text-sm text-zinc-600 sm:inline">
              {user.email}
            </span>
            <form action={signOutAction}>
              <button type="submit" className="rounded-md px-3 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
        <aside className="md:w-48 md:shrink-0">
          <NavLinks />
        </aside>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
