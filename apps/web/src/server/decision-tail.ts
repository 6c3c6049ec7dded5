// The decision log's live tail in the running web app: one Redis subscriber connection per
// process shared by every open tail; absent when REDIS_URL is unset.
import { type DecisionTail, createDecisionTail, createRedis } from "@gatehouse/jobs";
import { env } from "@/env";

let tail: DecisionTail | null | undefined;

export function decisionTail(): DecisionTail | undefined {
  if (tail === undefined) {
    const url = env().REDIS_URL;
    tail = url ? createDecisionTail(createRedis(url, "subscriber")) : null;
  }
  return tail ?? undefined;
}
