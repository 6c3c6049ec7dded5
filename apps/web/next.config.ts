import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source (with `.ts` import extensions) through their
  // exports maps; Next compiles them like app code.
  transpilePackages: ["@gatehouse/db", "@gatehouse/jobs", "@gatehouse/services", "@gatehouse/shared", "@gatehouse/policy"],
  // node-postgres and the Prisma runtime stay plain Node modules on the server, never bundled.
  serverExternalPackages: ["pg", "@prisma/client", "@prisma/adapter-pg", "nodemailer", "ioredis", "bullmq"],
  poweredByHeader: false,
};

export default config;
