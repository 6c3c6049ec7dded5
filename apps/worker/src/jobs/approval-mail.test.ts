import { describe, expect, it } from "vitest";
import { approvalMail } from "./approval-mail.ts";

const base = {
  id: "apr_123",
  identityName: "render-bot",
  toolName: "flux_generate_image",
  serverName: "flux",
  argKeys: ["prompt", "size"],
  rule: "/tools/flux_generate_image/approve_if/always",
  expiresAt: new Date("2026-12-01T06:10:00.000Z"),
};
const now = new Date("2026-12-01T06:00:00.000Z");

describe("approvalMail", () => {
  it("names who asks, the tool, the server, the argument names, the rule, the expiry and the inbox link", () => {
    const mail = approvalMail("ann@example.test", base, "https://gh.example.test///", now);
    expect(mail.to).toBe("ann@example.test");
    expect(mail.subject).toBe("Approval needed: render-bot wants to call flux_generate_image on flux");
    expect(mail.url).toBe("https://gh.example.test/approvals?id=apr_123");
    expect(mail.text).toContain("Arguments: prompt, size (the values are shown in the inbox to those who may decide)");
    expect(mail.text).toContain("Expires:   2026-12-01T06:10:00.000Z (10 minutes left)");
    expect(mail.text).toContain("Approve or deny it in the inbox: https://gh.example.test/approvals?id=apr_123");
  });

  it("keeps names from upstreams and agents on one line, so they cannot write headers or fake lines", () => {
    const mail = approvalMail("ann@example.test", { ...base, toolName: "evil\r\nBcc: all@example.test\r\n\r\nApproved!", identityName: "bot\u2028x" }, "https://gh.example.test", now);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe("Approval needed: bot x wants to call evil Bcc: all@example.test Approved! on flux");
    expect(mail.text.split("\n").filter((line) => line.startsWith("Bcc:"))).toEqual([]);
  });

  it("caps long names and long argument lists", () => {
    const keys = Array.from({ length: 25 }, (_, i) => `k${i}`);
    const mail = approvalMail("ann@example.test", { ...base, toolName: "t".repeat(500), argKeys: keys }, "https://gh.example.test", now);
    expect(mail.subject.length).toBeLessThan(250);
    expect(mail.text).toContain("k19 and 5 more");
    expect(approvalMail("a@b.test", { ...base, argKeys: [] }, "https://x.test", now).text).toContain("Arguments: none");
  });
});
