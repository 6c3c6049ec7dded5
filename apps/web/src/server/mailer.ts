// Mail that is not a sign-in link (invitations) goes out the way sign-in links do
// (auth/email-provider.ts): SMTP when configured, else the dev mailbox when it is on. Nothing
// else: a link that invites into an org is a credential, so it is never written to the log.
import nodemailer from "nodemailer";
import type { Env } from "../env";
import { deliverToMailbox } from "./dev-mailbox";

export type MailMessage = { to: string; subject: string; text: string; url: string };
export type Mailer = { send(message: MailMessage): Promise<void> };

export function liveMailer(env: Env): Mailer | undefined {
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    return {
      async send(message) {
        await transport.sendMail({ from: env.EMAIL_FROM, to: message.to, subject: message.subject, text: message.text });
      },
    };
  }
  if (env.devMailboxEnabled) return devMailboxMailer(env.GATEHOUSE_DEV_MAILBOX_DIR);
  return undefined;
}

export function devMailboxMailer(dir: string): Mailer {
  return {
    async send(message) {
      await deliverToMailbox(dir, { to: message.to, subject: message.subject, url: message.url });
    },
  };
}
