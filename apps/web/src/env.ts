// The web app's configuration: the only module that reads process.env (STYLE.md §5).
// Parsed lazily on first use, so `next build` can compile pages without runtime secrets.
import { existsSync } from "node:fs";
import path from "node:path";
import { parseEncryptionKey } from "@gatehouse/services";
import { z } from "zod";

const optional = z.string().min(1).optional();

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, { message: "DATABASE_URL is required (postgresql://…)." }),
  AUTH_SECRET: z.string().min(32, { message: "AUTH_SECRET must be at least 32 characters." }),
  AUTH_URL: z.url().optional(),
  GATEHOUSE_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: "GATEHOUSE_ENCRYPTION_KEY must be 32 bytes as 64 hex characters." })
    .transform((hex) => parseEncryptionKey(hex)),
  SMTP_URL: optional,
  EMAIL_FROM: z.string().min(1).default("Gatehouse <no-reply@gatehouse.local>"),
  AUTH_GITHUB_ID: optional,
  AUTH_GITHUB_SECRET: optional,
  AUTH_GOOGLE_ID: optional,
  AUTH_GOOGLE_SECRET: optional,
  // The dev mailbox is off unless turned on here (npm start does when no SMTP exists); it holds
  // working sign-in links, so even then it answers only browsers on this machine.
  GATEHOUSE_DEV_MAILBOX: z.enum(["0", "1"]).optional(),
  GATEHOUSE_DEV_MAILBOX_DIR: optional,
  GATEHOUSE_PUBLIC_PROXY_URL: z.url().default("http://127.0.0.1:4000"),
  // Where people reach the dashboard: links in mails (invitations) point here.
  GATEHOUSE_PUBLIC_WEB_URL: z.url().default("http://localhost:3000"),
  // Deployment-wide: may registered servers point at private networks (npm start turns it on,
  // so a new user can try an MCP server on localhost). Cloud metadata addresses stay refused.
  GATEHOUSE_ALLOW_PRIVATE_UPSTREAMS: z.enum(["0", "1", "true", "false"]).optional(),
  // The demo upstream `npm start` runs, offered as "use the demo server" when registering one.
  GATEHOUSE_DEMO_UPSTREAM_URL: z.url().optional(),
  DEMO_UPSTREAM_AUTH_VALUE: optional,
  // Shared credential proxies present to /api/internal/*; unset means that API refuses everyone.
  GATEHOUSE_PROXY_SECRET: optional,
  // Where rebuilt bundles are announced to proxies; unset → proxies rely on their poll.
  REDIS_URL: optional,
});

export type Env = Omit<z.infer<typeof EnvSchema>, "GATEHOUSE_DEV_MAILBOX_DIR"> & {
  GATEHOUSE_DEV_MAILBOX_DIR: string;
  /** The /dev/mailbox page and file mailbox are on: only when opted in (GATEHOUSE_DEV_MAILBOX=1). */
  devMailboxEnabled: boolean;
};

/** The repository root (where pnpm-workspace.yaml lives): `next start` runs in apps/web. */
function findRepoRoot(from: string): string {
  let dir = from;
  while (true) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat `FOO=` as unset, as .env files and shell exports commonly leave empty values.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment for @gatehouse/web:\n${lines.join("\n")}`);
  }
  const data = result.data;
  return {
    ...data,
    GATEHOUSE_DEV_MAILBOX_DIR: data.GATEHOUSE_DEV_MAILBOX_DIR ?? path.join(findRepoRoot(process.cwd()), ".gatehouse", "mailbox"),
    devMailboxEnabled: data.GATEHOUSE_DEV_MAILBOX === "1",
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
