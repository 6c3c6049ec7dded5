// GET /api/dev/mailbox — the dev mailbox's messages, newest first. 404 where the mailbox is off and
// to any client not on this machine (server/dev-mailbox-access.ts), so it does not even show it exists.
import { AppError, errorResponse } from "@gatehouse/shared";
import { headers } from "next/headers";
import { env } from "@/env";
import { readMailbox } from "@/server/dev-mailbox";
import { devMailboxAllowed } from "@/server/dev-mailbox-access";
import { requestId } from "@/server/request-id";

export async function GET(): Promise<Response> {
  const rid = await requestId();
  try {
    const config = env();
    if (!devMailboxAllowed(config, await headers())) throw new AppError("not_found", "Not found.");
    return Response.json({ messages: await readMailbox(config.GATEHOUSE_DEV_MAILBOX_DIR) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error, rid);
  }
}
