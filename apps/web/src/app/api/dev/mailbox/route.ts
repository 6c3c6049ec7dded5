// GET /api/dev/mailbox — the dev mailbox's messages, newest first (404 where the mailbox is off).
import { AppError, errorResponse } from "@gatehouse/shared";
import { env } from "@/env";
import { readMailbox } from "@/server/dev-mailbox";
import { requestId } from "@/server/request-id";

export async function GET(): Promise<Response> {
  const rid = await requestId();
  try {
    const config = env();
    if (!config.devMailboxEnabled) throw new AppError("not_found", "Not found.");
    return Response.json({ messages: await readMailbox(config.GATEHOUSE_DEV_MAILBOX_DIR) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, rid);
  }
}
