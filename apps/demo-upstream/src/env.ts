// Typed configuration for main.ts. Takes the environment as an argument so that main.ts stays
// the only reader of process.env and this stays testable.
import { z } from "zod";
import type { DemoUpstreamOptions } from "./start-demo-upstream.ts";

// An exported-but-empty variable means "not set", as shells and compose files produce.
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const flag = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(["1", "0", "true", "false"]).optional().transform((v) => v === "1" || v === "true"),
);

const EnvSchema = z
  .object({
    DEMO_UPSTREAM_PORT: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.coerce.number().int().min(0).max(65_535).default(4100),
    ),
    DEMO_UPSTREAM_HOST: optionalString.transform((v) => v ?? "127.0.0.1"),
    DEMO_UPSTREAM_JSON_RESPONSE: flag,
    DEMO_UPSTREAM_STATELESS: flag,
    DEMO_UPSTREAM_AUTH_HEADER: optionalString,
    DEMO_UPSTREAM_AUTH_VALUE: optionalString,
  })
  .refine((env) => (env.DEMO_UPSTREAM_AUTH_HEADER === undefined) === (env.DEMO_UPSTREAM_AUTH_VALUE === undefined), {
    message: "Set both DEMO_UPSTREAM_AUTH_HEADER and DEMO_UPSTREAM_AUTH_VALUE, or neither.",
  });

export function parseDemoUpstreamEnv(env: Record<string, string | undefined>): DemoUpstreamOptions {
  const parsed = EnvSchema.parse(env);
  const options: DemoUpstreamOptions = {
    port: parsed.DEMO_UPSTREAM_PORT,
    host: parsed.DEMO_UPSTREAM_HOST,
    jsonResponse: parsed.DEMO_UPSTREAM_JSON_RESPONSE,
    stateless: parsed.DEMO_UPSTREAM_STATELESS,
  };
  if (parsed.DEMO_UPSTREAM_AUTH_HEADER !== undefined && parsed.DEMO_UPSTREAM_AUTH_VALUE !== undefined) {
    options.requiredHeader = { name: parsed.DEMO_UPSTREAM_AUTH_HEADER, value: parsed.DEMO_UPSTREAM_AUTH_VALUE };
  }
  return options;
}
