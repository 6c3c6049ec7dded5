// The approval.notify email: who asks, which tool on which server, the argument names, the rule,
// when it expires and the link to the inbox. Never an argument value (see listApprovalRecipients).
// Names come from upstreams and agents, so they are flattened to one printable line and capped:
// a tool name must not be able to write extra lines or headers into someone's mailbox.
import type { Mail } from "./mailer.ts";

export type ApprovalMailFacts = {
  id: string;
  identityName: string;
  toolName: string;
  serverName: string;
  argKeys: string[];
  rule: string;
  expiresAt: Date;
};

const MAX_NAME = 120;
const MAX_KEYS = 20;

export function approvalMail(to: string, approval: ApprovalMailFacts, webUrl: string, now: Date = new Date()): Mail {
  const url = `${webUrl.replace(/\/+$/, "")}/approvals?id=${encodeURIComponent(approval.id)}`;
  const who = oneLine(approval.identityName);
  const tool = oneLine(approval.toolName);
  const server = oneLine(approval.serverName);
  const keys = approval.argKeys.slice(0, MAX_KEYS).map(oneLine);
  const more = approval.argKeys.length - keys.length;
  const args = keys.length === 0 ? "none" : `${keys.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  const text = [
    `${who} wants to call the tool ${tool} on ${server}, and a policy rule asks a human first.`,
    "",
    `Identity:  ${who}`,
    `Server:    ${server}`,
    `Tool:      ${tool}`,
    `Arguments: ${args} (the values are shown in the inbox to those who may decide)`,
    `Rule:      ${oneLine(approval.rule)}`,
    `Expires:   ${approval.expiresAt.toISOString()} (${minutesLeft(approval.expiresAt, now)})`,
    `Approval:  ${approval.id}`,
    "",
    `Approve or deny it in the inbox: ${url}`,
    "",
    "You receive this because your role in the organization may decide this request.",
  ].join("\n");
  return { to, subject: `Approval needed: ${who} wants to call ${tool} on ${server}`, text, url };
}

function oneLine(value: string): string {
  // Control characters (CR/LF included) become spaces; runs of spaces collapse.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const flat = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > MAX_NAME ? `${flat.slice(0, MAX_NAME - 1)}…` : flat;
}

function minutesLeft(expiresAt: Date, now: Date): string {
  const minutes = Math.round((expiresAt.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "less than a minute left";
  return minutes === 1 ? "1 minute left" : `${minutes} minutes left`;
}
