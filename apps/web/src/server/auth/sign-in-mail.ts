// The words of the mails that carry a sign-in link. One Auth.js email provider sends all of them;
// the purpose rides on the sign-in request as `?purpose=` (the third argument of `signIn`), which
// Auth.js hands to sendVerificationRequest, and never reaches the browser.
export const MAIL_PURPOSES = ["sign-in", "sign-up-confirm", "sign-up-exists"] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];

export type SignInMail = { subject: string; text: string };

export function mailPurposeOf(request: Request | undefined): MailPurpose {
  if (!request) return "sign-in";
  const purpose = new URL(request.url).searchParams.get("purpose");
  return MAIL_PURPOSES.find((known) => known === purpose) ?? "sign-in";
}

const IGNORE = "If you did not ask for this, ignore this mail.";

export function signInMail(purpose: MailPurpose, url: string): SignInMail {
  switch (purpose) {
    case "sign-up-confirm":
      return {
        subject: "Confirm your email to finish creating your Gatehouse account",
        text: `Someone (we hope you) created a Gatehouse account with this address. Open this link to confirm the address and sign in:\n\n${url}\n\nIt works once and expires in an hour. If it was not you, ignore this mail: the account stays unconfirmed and nobody can sign in to it with a password.`,
      };
    case "sign-up-exists":
      return {
        subject: "You already have a Gatehouse account",
        text: `Someone (we hope you) tried to create a Gatehouse account with this address, but it already has one, so nothing was changed. To sign in, open this link:\n\n${url}\n\nIt works once and expires in an hour. ${IGNORE}`,
      };
    default:
      return {
        subject: "Sign in to Gatehouse",
        text: `Open this link to sign in to Gatehouse:\n\n${url}\n\nIt works once and expires in an hour. ${IGNORE}`,
      };
  }
}
