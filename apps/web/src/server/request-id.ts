import { requestIdFrom } from "@gatehouse/shared";
import { headers } from "next/headers";

/** The caller's `x-request-id` when it looks sane (a load balancer's), else a fresh one. */
export async function requestId(): Promise<string> {
  return requestIdFrom((await headers()).get("x-request-id"));
}
