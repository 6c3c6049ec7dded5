// The worker's mail path, the dashboard's order (apps/web/src/server/mailer.ts): SMTP when
// SMTP_URL is set, else the file mailbox the dashboard's /dev/mailbox lists (one JSON file per
// message), else the log (subject only). A send that fails throws, so BullMQ retries the job.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "@gatehouse/shared/node";
import nodemailer from "nodemailer";

export type Mail = { to: string; subject: string; text: string; url: string };
export type Mailer = { send(mail: Mail): Promise<void>; close?(): void };

export type MailerOptions = {
  /** `smtp://user:pass@host:587` or `smtps://…` (nodemailer's connection URL). */
  smtpUrl?: string | undefined;
  /** The From header for SMTP mail. */
  from?: string | undefined;
  mailboxDir: string | null;
  log: Logger;
};

export const DEFAULT_EMAIL_FROM = "Gatehouse <no-reply@gatehouse.local>";

export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, options.from ?? DEFAULT_EMAIL_FROM);
  return {
    async send(mail) {
      if (!options.mailboxDir) {
        options.log.info("notification (no SMTP or mailbox configured)", { subject: mail.subject });
        return;
      }
      const now = new Date();
      const id = `${now.getTime().toString().padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
      await mkdir(options.mailboxDir, { recursive: true });
      await writeFile(path.join(options.mailboxDir, `${id}.json`), JSON.stringify({ id, ...mail, sentAt: now.toISOString() }, null, 2), { mode: 0o600 });
    },
  };
}

function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
