// The web process's job producer (BullMQ), so verbs called from the API can enqueue catalog jobs
// (webhook deliveries after an approval is decided). One per process; null without REDIS_URL.
import { type Producer, createProducer, createRedis } from "@gatehouse/jobs";

let live: Producer | null | undefined;

export function liveJobs(redisUrl: string | undefined): Producer | null {
  if (live === undefined) {
    live = redisUrl ? createProducer(createRedis(redisUrl, "producer"), { prefix: process.env.GATEHOUSE_JOBS_PREFIX || undefined }) : null;
  }
  return live;
}
