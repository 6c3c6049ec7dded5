import type { Metadata } from "next";
import Link from "next/link";
import { DevMailboxHint } from "../../dev-mailbox-hint";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Check your email</h1>
      <p className="text-sm text-muted-foreground">We sent you a sign-in link. It works once and expires in an hour.</p>
      <DevMailboxHint />
      <Link href="/sign-in" className="text-sm font-medium text-primary hover:underline">
        Back to sign-in
      </Link>
    </div>
  );
}
