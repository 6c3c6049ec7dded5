import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { enabledOAuthProviders } from "@/auth";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-field";
import { getSessionUser } from "@/server/context";
import { redirectTarget } from "../redirect-target";
import { signInWithOAuth } from "./actions";
import { MagicLinkForm } from "./magic-link-form";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Sign in" };

// Auth.js sends people back here with `?error=<type>` (pages.error).
const AUTH_ERRORS: Record<string, string> = {
  Verification: "That sign-in link is invalid, expired or already used. Request a new one.",
  OAuthAccountNotLinked: "This email already has an account. Sign in the way you did before.",
  AccessDenied: "Access denied.",
  Configuration: "Sign-in is misconfigured on the server.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = redirectTarget(params.callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  const errorType = typeof params.error === "string" ? params.error : undefined;
  const oauth = enabledOAuthProviders();
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <FormError message={errorType ? (AUTH_ERRORS[errorType] ?? "Sign-in failed. Try again.") : undefined} />
      <PasswordForm callbackUrl={callbackUrl} />
      <Divider />
      <MagicLinkForm callbackUrl={callbackUrl} />
      {oauth.length > 0 && (
        <>
          <Divider />
          <div className="flex flex-col gap-2">
            {oauth.map((provider) => (
              <form key={provider.id} action={signInWithOAuth}>
                <input type="hidden" name="provider" value={provider.id} />
                <input type="hidden" name="callbackUrl" value={callbackUrl} />
                <Button type="submit" variant="secondary" className="w-full">
                  Continue with {provider.name}
                </Button>
              </form>
            ))}
          </div>
        </>
      )}
      <p className="text-center text-sm text-muted-foreground">
        New here?{" "}
        <Link href={callbackUrl === "/" ? "/sign-up" : `/sign-up?${new URLSearchParams({ callbackUrl })}`} className="font-medium text-primary hover:underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}

function Divider() {
  return (
    <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-muted-foreground">
      <span className="h-px flex-1 bg-border" />
      or
      <span className="h-px flex-1 bg-border" />
    </div>
  );
}
