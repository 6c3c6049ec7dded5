import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/server/context";
import { redirectTarget } from "../redirect-target";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = redirectTarget((await searchParams).callbackUrl);
  if (await getSessionUser()) redirect(callbackUrl);
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className="text-lg font-semibold">Create your account</h1>
        <p className="text-sm text-muted-foreground">You get your own organization, with you as its admin.</p>
      </div>
      <SignUpForm callbackUrl={callbackUrl} />
      <p className="text-center text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-primary hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
