"use client";
// The count of pending approval requests next to "Approvals" in the navigation, kept live by the
// approvals event stream.
import type { ApprovalResponse, Page } from "@gatehouse/shared";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";
import { useApprovalEvents } from "@/lib/use-approval-events";

const MAX = 200;

export function ApprovalsBadge() {
  useApprovalEvents();
  const { data } = useQuery({
    queryKey: queryKeys.approvals.list({ status: "pending", limit: MAX, badge: true }),
    queryFn: ({ signal }) => apiFetch<Page<ApprovalResponse>>("/approvals", { query: { status: "pending", limit: MAX }, signal }),
  });
  const count = data?.data.length ?? 0;
  if (count === 0) return null;
  const label = data?.nextCursor ? `${MAX}+` : String(count);
  return (
    <span data-testid="approvals-badge" className="ml-auto rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
      {label}
      <span className="sr-only"> pending</span>
    </span>
  );
}
