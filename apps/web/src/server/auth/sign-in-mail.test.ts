import { describe, expect, it } from "vitest";
import { mailPurposeOf, signInMail } from "./sign-in-mail";

describe("sign-in mails", () => {
  it("reads the purpose from the sign-in request and defaults to a plain sign-in", () => {
    expect(mailPurposeOf(new Request("http://localhost/api/auth/signin/email?purpose=sign-up-exists"))).toBe("sign-up-exists");
    expect(mailPurposeOf(new Request("http://localhost/api/auth/signin/email?purpose=nonsense"))).toBe("sign-in");
    expect(mailPurposeOf(new Request("http://localhost/api/auth/signin/email"))).toBe("sign-in");
    expect(mailPurposeOf(undefined)).toBe("sign-in");
  });

  it("tells the owner of an existing account that nothing changed, with the link", () => {
    const mail = signInMail("sign-up-exists", "http://localhost/x");
    expect(mail.subject).toBe("You already have a Gatehouse account");
    expect(mail.text).toContain("nothing was changed");
    expect(mail.text).toContain("http://localhost/x");
  });
});
