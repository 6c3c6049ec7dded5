// /identities/[id] — one identity: what it is, its tokens (mint, rotate, revoke) and its grants
// across servers. Edit controls appear only for roles that may use them; the API refuses the rest.
import { getIdentity, listGrantTargets, listTokens } from "@gatehouse/services";
import { AppError, can } from "@gatehouse/shared";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getServiceContext } from "@/server/context";
import { env } from "@/env";
import { DecisionLogsSlice } from "../../decision-logs/decision-logs-slice";
import { IdentityDetail } from "./identity-detail";

export const metadata: Metadata = { title: "Identity" };

export default async function IdentityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await getServiceContext();
  const identity = await getIdentity(ctx, { identityId: id }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const [tokens, targets] = await Promise.all([listTokens(ctx, { identityId: id, limit: 50 }), listGrantTargets(ctx)]);
  return (
    <>
      <IdentityDetail
        initial={identity}
        initialTokens={tokens}
        targets={targets}
        proxyOrigin={env().GATEHOUSE_PUBLIC_PROXY_URL.replace(/\/+$/, "")}
        permissions={{ identities: can(ctx.role, "identities:write"), tokens: can(ctx.role, "tokens:write"), grants: can(ctx.role, "grants:write") }}
      />
      <DecisionLogsSlice identityId={id} />
    </>
  );
}
