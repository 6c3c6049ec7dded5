import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/env";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  const { devMailboxEnabled, SMTP_URL } = env();
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">Check your email</h1>
      <p className="text-sm text-muted-foreground">We sent you a sign-in link. It works once and expires in an hour.</p>
      {!SMTP_URL && devMailboxEnabled && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          No SMTP server is configured: the link is in the{" "}
          <Link href="/dev/mailbox" className="font-medium underline">
            dev mailbox
          </Link>{" "}
          and the server log.
        </p>
      )}
      <Link href="/sign-in" className="text-sm font-medium text-primary hover:underline">
        Back to sign-in
      </Link>
    </div>
  );
}
