// A file mailbox for machines without SMTP: each sign-in email becomes one JSON file, listed by
// the /dev/mailbox page. Files (not memory) so that every server process and a test runner see
// the same messages.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const MailboxMessage = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  url: z.url(),
  text: z.string().optional(),
  sentAt: z.iso.datetime(),
});
export type MailboxMessage = z.infer<typeof MailboxMessage>;

export async function deliverToMailbox(dir: string, message: Omit<MailboxMessage, "id" | "sentAt">, now = new Date()): Promise<MailboxMessage> {
  // The timestamp leads the file name so that a name sort is a time sort.
  const id = `${now.getTime().toString().padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
  const stored: MailboxMessage = { id, ...message, sentAt: now.toISOString() };
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(stored, null, 2), { mode: 0o600 });
  return stored;
}

/** Newest first. Unreadable or foreign files are skipped rather than failing the page. */
export async function readMailbox(dir: string, limit = 100): Promise<MailboxMessage[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const newest = names.filter((name) => name.endsWith(".json")).sort().reverse().slice(0, limit);
  const messages = await Promise.all(
    newest.map(async (name) => {
      try {
        const parsed = MailboxMessage.safeParse(JSON.parse(await readFile(path.join(dir, name), "utf8")));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    }),
  );
  return messages.filter((message): message is MailboxMessage => message !== null);
}
