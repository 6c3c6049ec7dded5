"use client";
// The section navigation: the sidebar at laptop width and the menu sheet at phone width render
// this same list. The current section is marked with aria-current="page", not only a colour.
import { Activity, BookOpen, Inbox, KeyRound, type LucideIcon, ScrollText, ServerIcon, Settings, ShieldCheck, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { ApprovalsBadge } from "./approvals-badge";

type Section = { href: string; label: string; icon: LucideIcon };

export const SECTION_GROUPS: { label: string; sections: Section[] }[] = [
  {
    label: "Control",
    sections: [
      { href: "/servers", label: "Servers", icon: ServerIcon },
      { href: "/identities", label: "Identities", icon: Users },
      { href: "/grants", label: "Grants", icon: KeyRound },
      { href: "/policies", label: "Policies", icon: ShieldCheck },
    ],
  },
  {
    label: "Operate",
    sections: [
      { href: "/approvals", label: "Approvals", icon: Inbox },
      { href: "/decision-logs", label: "Decision logs", icon: Activity },
    ],
  },
  {
    label: "Organization",
    sections: [
      { href: "/audit", label: "Audit trail", icon: ScrollText },
      { href: "/settings", label: "Settings", icon: Settings },
      { href: "/api-reference", label: "API reference", icon: BookOpen },
    ],
  },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex flex-col gap-5">
      {SECTION_GROUPS.map((group) => (
        <div key={group.label} className="flex flex-col gap-0.5">
          <p className="px-3 pb-1 text-[11px] font-semibold uppercase tracking-wider text-muted-foreground">{group.label}</p>
          {group.sections.map(({ href, label, icon: Icon }) => {
            const active = isActive(pathname, href);
            return (
              <Link
                key={href}
                href={href}
                onClick={onNavigate}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2.5 rounded-md px-3 py-2 text-sm outline-hidden transition-colors focus-visible:ring-2 focus-visible:ring-ring",
                  active ? "bg-indigo-50 font-medium text-indigo-700" : "text-zinc-700 hover:bg-zinc-100 hover:text-foreground",
                )}
              >
                <Icon aria-hidden className={cn("size-4 shrink-0", active ? "text-indigo-600" : "text-zinc-500")} />
                {label}
                {href === "/approvals" ? <ApprovalsBadge /> : null}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}

