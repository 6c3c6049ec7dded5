// Own config so `pnpm test` here does not pick up the workspace root's projects (whose globs
// are relative to the repository root). The root config still runs these files as "unit".
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
  },
});
