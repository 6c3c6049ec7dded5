import { newId } from "@gatehouse/shared";
import { headers } from "next/headers";

/** The caller's `x-request-id` when it looks sane (a load balancer's), else a fresh one. */
export async function requestId(): Promise<string> {
  const given = (await headers()).get("x-request-id");
  return given && /^[\w.:-]{8,100}$/.test(given) ? given : newId("request");
}
