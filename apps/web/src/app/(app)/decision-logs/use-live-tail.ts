"use client";
// The live tail: an EventSource on /api/v1/decision-logs/events with the view's filters, while
// `enabled`. New rows come back newest first, capped, without duplicates. EventSource reconnects
// on its own after a drop; the status says so meanwhile.
import type { DecisionLogResponse } from "@gatehouse/shared";
import { useEffect, useState } from "react";
import { API_BASE } from "@/lib/api/api-fetch";

const MAX_LIVE_ROWS = 500;
export type TailStatus = "off" | "connecting" | "live" | "reconnecting";

export function useLiveTail(enabled: boolean, filters: Record<string, string | undefined>) {
  const [rows, setRows] = useState<DecisionLogResponse[]>([]);
  const [status, setStatus] = useState<TailStatus>("off");
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]))).toString();

  useEffect(() => {
    setRows([]);
    if (!enabled) {
      setStatus("off");
      return;
    }
    setStatus("connecting");
    const source = new EventSource(`${API_BASE}/decision-logs/events${query ? `?${query}` : ""}`);
    source.addEventListener("ready", () => setStatus("live"));
    source.addEventListener("decision", (event) => {
      const row = JSON.parse((event as MessageEvent<string>).data) as DecisionLogResponse;
      setRows((current) => (current.some((r) => r.id === row.id) ? current : [row, ...current].slice(0, MAX_LIVE_ROWS)));
    });
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "off" : "reconnecting");
    return () => source.close();
  }, [enabled, query]);

  return { rows, status };
}
