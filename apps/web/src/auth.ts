// Auth.js (next-auth v5). Sessions are JWTs: the Credentials provider only works with them.
// The Prisma adapter still stores users, OAuth accounts and magic-link tokens.
import { PrismaAdapter } from "@auth/prisma-adapter";
import { authenticatePassword, ensureFirstOrg } from "@gatehouse/services";
import { newId } from "@gatehouse/shared";
import NextAuth, { AuthError, type NextAuthConfig } from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { type Env, env } from "@/env";
import { emailProvider } from "@/server/auth/email-provider";
import { db } from "@/server/db";

function providers(config: Env): Provider[] {
  const list: Provider[] = [
    Credentials({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const user = await authenticatePassword({ db: db() }, credentials);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
    emailProvider(config),
  ];
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: config.AUTH_GITHUB_ID, clientSecret: config.AUTH_GITHUB_SECRET }));
  }
  if (config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: config.AUTH_GOOGLE_ID, clientSecret: config.AUTH_GOOGLE_SECRET }));
  }
  return list;
}

/** Which sign-in options the sign-in page offers. */
export function enabledOAuthProviders(): { id: "github" | "google"; name: string }[] {
  const config = env();
  const enabled: { id: "github" | "google"; name: string }[] = [];
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET) enabled.push({ id: "github", name: "GitHub" });
  if (config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET) enabled.push({ id: "google", name: "Google" });
  return enabled;
}

const EXPECTED_AUTH_ERRORS = new Set<string>(["CredentialsSignin", "Verification"]);

function authConfig(): NextAuthConfig {
  const config = env();
  return {
    // The generated Prisma 7 client is structurally the client the adapter expects, but it is a
    // different nominal type (custom generator output), hence the cast.
    adapter: PrismaAdapter(db() as unknown as Parameters<typeof PrismaAdapter>[0]),
    secret: config.AUTH_SECRET,
    // Behind `next start` on localhost and behind proxies the Host header is the only origin we have.
    trustHost: true,
    session: { strategy: "jwt" },
    providers: providers(config),
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    logger: {
      // A wrong password or a reused link is a normal outcome, not a server error: one line, no stack.
      error(error) {
        // `type`, not `name`: the production build minifies class names.
        if (error instanceof AuthError && EXPECTED_AUTH_ERRORS.has(error.type)) console.warn(`[auth] ${error.type}`);
        else console.error("[auth]", error);
      },
    },
    callbacks: {
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // A first sign-in by magic link or OIDC has no organization yet (sign-up made one for
      // password users). Idempotent, so a failed first attempt is repaired on the next sign-in.
      async signIn({ user, account }) {
        if (account?.provider === "credentials" || !user.id || !user.email) return;
        await ensureFirstOrg({ db: db(), requestId: newId("request") }, { id: user.id, email: user.email, name: user.name ?? null });
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
