// After sign-up, whatever happened: the same page for a new address and for one that already has
// an account (no account enumeration); the mail tells the owner which it was.
import type { Metadata } from "next";
import Link from "next/link";
import { DevMailboxHint } from "../../dev-mailbox-hint";

export const metadata: Metadata = { title: "Check your email" };

export default function SignUpCheckEmailPage() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Check your email</h1>
      <p className="text-sm text-muted-foreground">
        We sent a mail to the address you entered. Open its link to confirm the address and sign in; it works once and expires in an hour.
      </p>
      <DevMailboxHint />
      <Link href="/sign-in" className="text-sm font-medium text-primary hover:underline">
        Back to sign-in
      </Link>
    </div>
  );
}
