"use client";
// The inbox's live feed: one EventSource on /api/v1/approvals/events (Redis pub/sub behind it).
// Every event refreshes the approval queries, so pending requests appear and disappear without
// polling or a reload. The browser reconnects by itself; on reconnect the lists refresh too.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { API_BASE } from "@/lib/api/api-fetch";
import { queryKeys } from "@/lib/api/query-keys";

const EVENTS = ["approval.requested", "approval.decided", "approval.expired", "approval.consumed", "approval.cancelled"] as const;

export function useApprovalEvents(onEvent?: (type: string) => void): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`${API_BASE}/approvals/events`);
    const refresh = (event: MessageEvent) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all });
      onEvent?.(event.type);
    };
    for (const name of EVENTS) source.addEventListener(name, refresh);
    source.addEventListener("ready", () => void queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all }));
    return () => source.close();
  }, [queryClient, onEvent]);
}
