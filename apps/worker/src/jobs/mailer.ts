// The worker's mail path: SMTP when configured, else the same file mailbox the dashboard's
// sign-in mails use offline (one JSON file per message, listed by /dev/mailbox), else the log.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "@gatehouse/shared/node";

export type Mail = { to: string; subject: string; url: string };
export type Mailer = { send(mail: Mail): Promise<void> };

export function createMailer(options: { mailboxDir: string | null; log: Logger }): Mailer {
  return {
    async send(mail) {
      if (!options.mailboxDir) {
        options.log.info("notification (no mailbox configured)", { subject: mail.subject });
        return;
      }
      const now = new Date();
      const id = `${now.getTime().toString().padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
      await mkdir(options.mailboxDir, { recursive: true });
      await writeFile(path.join(options.mailboxDir, `${id}.json`), JSON.stringify({ id, ...mail, sentAt: now.toISOString() }, null, 2), { mode: 0o600 });
    },
  };
}
