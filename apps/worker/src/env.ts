// The worker's configuration: the only module that reads process.env (STYLE.md §5).
import { hostname } from "node:os";
import { z } from "zod";

const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1, { message: "DATABASE_URL is required (postgresql://…)." }),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  /** Names this process in the stream's consumer group. Default: host and pid, unique per process. */
  WORKER_CONSUMER_NAME: z.string().regex(/^[\w.:-]{1,100}$/).optional(),
  /** Decrypts secrets at rest (webhook signing secrets, upstream credentials for scheduled discovery); the web app's key. */
  GATEHOUSE_ENCRYPTION_KEY: z.string().min(1).optional(),
  /** BullMQ key prefix of the job catalog; tests and parallel checkouts use their own. */
  GATEHOUSE_JOBS_PREFIX: z.string().regex(/^[\w.-]{1,60}$/).default("gatehouse-jobs"),
  /** Approval notifications by SMTP (`smtp://user:pass@host:587`, `smtps://…`), as the web app's sign-in mail. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, { message: "SMTP_URL must start with smtp:// or smtps://" }).optional(),
  EMAIL_FROM: z.string().min(1).default("Gatehouse <no-reply@gatehouse.local>"),
  /** The file mailbox for notifications when no SMTP is configured (as the web app's). */
  GATEHOUSE_DEV_MAILBOX_DIR: z.string().min(1).optional(),
  GATEHOUSE_PUBLIC_WEB_URL: z.url().default("http://localhost:3000"),
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: z.enum(["0", "1", "true", "false"]).optional(),
  /** How often every server's tools are re-discovered (drift scan); 0 turns it off. Default 6 hours. */
  GATEHOUSE_DISCOVERY_INTERVAL_MS: z.coerce.number().int().min(0).default(6 * 60 * 60 * 1000),
});

export type Env = {
  DATABASE_URL: string;
  REDIS_URL: string;
  WORKER_CONSUMER_NAME: string;
  GATEHOUSE_ENCRYPTION_KEY?: string | undefined;
  GATEHOUSE_JOBS_PREFIX: string;
  SMTP_URL?: string | undefined;
  EMAIL_FROM: string;
  GATEHOUSE_DEV_MAILBOX_DIR?: string | undefined;
  GATEHOUSE_PUBLIC_WEB_URL: string;
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS?: "0" | "1" | "true" | "false" | undefined;
  GATEHOUSE_DISCOVERY_INTERVAL_MS: number;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat `FOO=` as unset, as .env files and shell exports commonly leave empty values.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment for @gatehouse/worker:\n${lines.join("\n")}`);
  }
  return { ...result.data, WORKER_CONSUMER_NAME: result.data.WORKER_CONSUMER_NAME ?? `${hostname()}-${process.pid}` };
}

export const env = (): Env => parseEnv(process.env);
