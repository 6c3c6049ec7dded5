import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/server/context";
import { NewOrgForm } from "./new-org-form";

export const metadata: Metadata = { title: "New organization" };

// Outside the (app) shell on purpose: a user without any membership lands here.
export default async function NewOrgPage() {
  await requireUser();
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-border bg-card p-6 shadow-sm">
        <h1 className="text-lg font-semibold">New organization</h1>
        <p className="mt-1 mb-4 text-sm text-muted-foreground">You will be its admin. Servers, identities and policies are kept per organization.</p>
        <NewOrgForm />
        <Link href="/" className="mt-4 block text-center text-sm text-muted-foreground hover:underline">
          Cancel
        </Link>
      </div>
    </main>
  );
}
