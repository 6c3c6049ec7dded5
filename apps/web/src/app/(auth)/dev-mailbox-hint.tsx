// On a machine without SMTP, where the dev mailbox serves this browser: say where the mail went.
import { headers } from "next/headers";
import Link from "next/link";
import { env } from "@/env";
import { devMailboxAllowed } from "@/server/dev-mailbox-access";

export async function DevMailboxHint() {
  const config = env();
  if (config.SMTP_URL || !devMailboxAllowed(config, await headers())) return null;
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
      No SMTP server is configured: the mail is in the{" "}
      <Link href="/dev/mailbox" className="font-medium underline">
        dev mailbox
      </Link>{" "}
      and the server log.
    </p>
  );
}
