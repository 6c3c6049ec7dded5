// Two test tiers (STYLE.md: Tests): `unit` (*.test.ts, no I/O) and `integration`
// (*.integration.test.ts, real Postgres, Redis, HTTP and MCP). Playwright specs live in e2e/tests;
// e2e/system holds cross-app tests (control plane + proxy + worker) driven by an MCP SDK client.
import { defineConfig } from "vitest/config";

const shared = ["**/node_modules/**", "**/.next/**", "**/dist/**", "e2e/tests/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages}/*/{src,test}/**/*.test.ts"],
          exclude: [...shared, "**/*.integration.test.ts"],
          // No I/O, but some tests do real work (scrypt, the password dictionaries' first load)
          // that a loaded 2-core machine can slow past the 5 s default.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages}/*/{src,test}/**/*.integration.test.ts", "prisma/**/*.integration.test.ts", "e2e/system/**/*.integration.test.ts"],
          exclude: shared,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: run files one or two at a time so timing-sensitive tests are not starved.
          maxWorkers: 2,
        },
      },
    ],
  },
});
