"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export const SECTIONS = [
  { href: "/servers", label: "Servers" },
  { href: "/identities", label: "Identities" },
  { href: "/grants", label: "Grants" },
  { href: "/policies", label: "Policies" },
  { href: "/approvals", label: "Approvals" },
  { href: "/decision-logs", label: "Decision logs" },
  { href: "/audit", label: "Audit trail" },
  { href: "/settings", label: "Settings" },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex flex-row gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.map((section) => {
        const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm ${active ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-200/60"}`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
