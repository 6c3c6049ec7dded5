// The dev mailbox: sign-in emails on machines without SMTP. Off (404) unless the operator opts in
// with GATEHOUSE_DEV_MAILBOX=1, as the offline demo does, and 404 to any browser not on this machine.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { env } from "@/env";
import { readMailbox } from "@/server/dev-mailbox";
import { devMailboxAllowed } from "@/server/dev-mailbox-access";
import { MailboxList } from "./mailbox-list";

export const metadata: Metadata = { title: "Dev mailbox" };

export default async function DevMailboxPage() {
  const config = env();
  if (!devMailboxAllowed(config, await headers())) notFound();
  const messages = await readMailbox(config.GATEHOUSE_DEV_MAILBOX_DIR);
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="text-xl font-semibold">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Sign-in emails written here because no SMTP server is configured, newest first. Files in{" "}
        <code className="font-mono text-xs">{config.GATEHOUSE_DEV_MAILBOX_DIR}</code>.
      </p>
      <MailboxList initial={messages} />
    </main>
  );
}
