// The magic-link provider. With SMTP configured it is Auth.js' Nodemailer provider; without it,
// the link is written to the server log and the dev mailbox so sign-in still works offline.
// Both use the id "email" so the sign-in form does not care which one is active.
import type { EmailConfig } from "next-auth/providers";
import Nodemailer from "next-auth/providers/nodemailer";
import type { Env } from "@/env";
import { deliverToMailbox } from "@/server/dev-mailbox";

const LINK_LIFETIME_SECONDS = 60 * 60;

export function emailProvider(env: Env): EmailConfig {
  if (env.SMTP_URL) {
    return Nodemailer({ id: "email", name: "Email", server: env.SMTP_URL, from: env.EMAIL_FROM, maxAge: LINK_LIFETIME_SECONDS });
  }
  return {
    id: "email",
    type: "email",
    name: "Email",
    from: env.EMAIL_FROM,
    maxAge: LINK_LIFETIME_SECONDS,
    async sendVerificationRequest({ identifier, url }) {
      console.log(`[auth] magic link for ${identifier}: ${url}`);
      if (env.devMailboxEnabled) {
        await deliverToMailbox(env.GATEHOUSE_DEV_MAILBOX_DIR, { to: identifier, subject: "Sign in to Gatehouse", url });
      }
    },
    options: {},
  };
}
