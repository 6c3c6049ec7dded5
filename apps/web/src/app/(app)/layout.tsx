// The signed-in shell: a header (menu button at phone width, org switcher, account menu), the
// section sidebar at laptop width, and the page in <main id="main">, which the skip link targets.
import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { MobileNav } from "@/components/shell/mobile-nav";
import { NavLinks } from "@/components/shell/nav-links";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { getOrgSelection } from "@/server/context";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, memberships, current } = await getOrgSelection();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[60] focus:outline-hidden focus:ring-2 focus:ring-ring focus:ring-offset-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 h-14 border-b border-border bg-card/95 backdrop-blur">
        <div className="flex h-full items-center gap-2 px-2 sm:gap-3 sm:px-4">
          <MobileNav />
          <Link href="/servers" aria-label="Gatehouse home" className="shrink-0 rounded-md p-1 outline-hidden focus-visible:ring-2 focus-visible:ring-ring">
            <Logo compact />
          </Link>
          <span aria-hidden className="hidden h-6 w-px bg-border sm:block" />
          <OrgSwitcher current={current} memberships={memberships} />
          <div className="ml-auto flex items-center">
            <UserMenu user={{ email: user.email, name: user.name }} signOutAction={signOutAction} />
          </div>
        </div>
      </header>
      <div className="flex">
        <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-60 shrink-0 overflow-y-auto border-r border-border bg-card/60 px-3 py-5 lg:block">
          <NavLinks />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-hidden sm:px-6 lg:px-8">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
