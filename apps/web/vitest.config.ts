// Unit tests of the web app when run from apps/web (the root config runs them too, as `unit`).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "**/*.integration.test.ts"],
  },
});
