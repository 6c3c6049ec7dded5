"use client";
// Who is signed in, and the way out. Sign-out is a server action (it clears the session and the
// org cookie); the form sits outside the menu so closing the menu cannot unmount it mid-submit.
import { ChevronDown, LogOut, Settings } from "lucide-react";
import Link from "next/link";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export function initialsOf(name: string | null, email: string): string {
  const source = name?.trim() || email.split("@")[0] || "?";
  const words = source.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ""}${words[1]?.[0] ?? ""}` : source.slice(0, 2);
  return letters.toUpperCase();
}

export function UserMenu({ user, signOutAction }: { user: { email: string; name: string | null }; signOutAction: () => Promise<void> }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" className="h-9 gap-2 px-1.5 sm:px-2" aria-label={`Account menu for ${user.email}`}>
            <span aria-hidden className="grid size-7 place-items-center rounded-full bg-zinc-900 text-[11px] font-semibold text-white">
              {initialsOf(user.name, user.email)}
            </span>
            <span data-testid="user-email" className="hidden max-w-48 truncate text-sm font-normal text-zinc-700 md:inline">
              {user.email}
            </span>
            <ChevronDown aria-hidden className="hidden text-zinc-500 md:block" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-64">
          <DropdownMenuLabel className="flex flex-col gap-0.5 font-normal">
            {user.name && <span className="text-sm font-medium text-foreground">{user.name}</span>}
            <span className="truncate text-xs text-muted-foreground">{user.email}</span>
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          <DropdownMenuItem asChild>
            <Link href="/settings">
              <Settings aria-hidden />
              Organization settings
            </Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => form.current?.requestSubmit()}>
            <LogOut aria-hidden />
            Sign out
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <form ref={form} action={signOutAction} hidden />
    </>
  );
}
