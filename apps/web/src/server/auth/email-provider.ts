// The magic-link provider. With SMTP configured it is Auth.js' Nodemailer provider; without it,
// the link is written to the server log and the dev mailbox so sign-in still works offline.
// Both use the id "email" so the sign-in form does not care which one is active, and both word
// their mail by its purpose (server/auth/sign-in-mail.ts): sign-in, or the two sign-up answers.
import type { EmailConfig } from "next-auth/providers";
import Nodemailer from "next-auth/providers/nodemailer";
import { createTransport } from "nodemailer";
import type { Env } from "@/env";
import { mailPurposeOf, signInMail } from "@/server/auth/sign-in-mail";
import { deliverToMailbox } from "@/server/dev-mailbox";

const LINK_LIFETIME_SECONDS = 60 * 60;

export function emailProvider(env: Env): EmailConfig {
  if (env.SMTP_URL) {
    const smtp = env.SMTP_URL;
    return Nodemailer({
      id: "email",
      name: "Email",
      server: smtp,
      from: env.EMAIL_FROM,
      maxAge: LINK_LIFETIME_SECONDS,
      async sendVerificationRequest({ identifier, url, request }) {
        const mail = signInMail(mailPurposeOf(request), url);
        await createTransport(smtp).sendMail({ to: identifier, from: env.EMAIL_FROM, subject: mail.subject, text: mail.text });
      },
    });
  }
  return {
    id: "email",
    type: "email",
    name: "Email",
    from: env.EMAIL_FROM,
    maxAge: LINK_LIFETIME_SECONDS,
    async sendVerificationRequest({ identifier, url, request }) {
      const mail = signInMail(mailPurposeOf(request), url);
      console.log(`[auth] ${mail.subject} — link for ${identifier}: ${url}`);
      if (env.devMailboxEnabled) {
        await deliverToMailbox(env.GATEHOUSE_DEV_MAILBOX_DIR, { to: identifier, subject: mail.subject, url, text: mail.text });
      }
    },
    options: {},
  };
}
