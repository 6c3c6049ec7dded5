"use client";
// The identity page's client side: one query for the identity (with its grants), seeded by the
// server component; the sections below invalidate it when they change something.
import type { GrantTargets } from "@gatehouse/services";
import type { IdentityDetailResponse, TokenResponse } from "@gatehouse/shared";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { QueryErrorState } from "@/components/ui/states";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import type { CursorPage } from "@/lib/api/use-cursor-list";
import { GrantsSection } from "./grants-section";
import { IdentityHeader } from "./identity-header";
import type { Permissions } from "./permissions";
import { TokensSection } from "./tokens-section";

type Props = {
  initial: IdentityDetailResponse;
  initialTokens: CursorPage<TokenResponse>;
  targets: GrantTargets;
  proxyOrigin: string;
  permissions: Permissions;
};

export function IdentityDetail({ initial, initialTokens, targets, proxyOrigin, permissions }: Props) {
  const query = useQuery({
    queryKey: queryKeys.identities.detail(initial.id),
    queryFn: ({ signal }) => apiFetch<IdentityDetailResponse>(`/identities/${initial.id}`, { signal }),
    initialData: initial,
  });

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8">
      <Link href="/identities" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ChevronLeft aria-hidden className="size-4" />
        Identities
      </Link>
      {query.isError ? (
        <QueryErrorState title="Could not load this identity" error={query.error} onRetry={query.refetch} />
      ) : (
        <>
          <IdentityHeader identity={query.data} canEdit={permissions.identities} />
          <TokensSection identity={query.data} initialTokens={initialTokens} canEdit={permissions.tokens} proxyOrigin={proxyOrigin} firstServerId={query.data.grants[0]?.server.id ?? null} />
          <GrantsSection identity={query.data} targets={targets} canEdit={permissions.grants} />
        </>
      )}
    </div>
  );
}
