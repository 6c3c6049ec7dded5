import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center p-4 pt-12 sm:items-center sm:p-6">
      <div className="w-full max-w-sm">
        <p className="mb-6 flex justify-center text-lg">
          <Logo />
        </p>
        <div className="rounded-xl border border-border bg-card p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
