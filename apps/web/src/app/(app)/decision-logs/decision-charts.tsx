"use client";
// The log's charts (recharts): decisions over time stacked by outcome, the tools and rules that
// refuse most, and latency percentiles. Fed by GET /decision-logs/stats for the same filters as
// the table below them.
import { type DecisionLogStatsResponse, DecisionOutcome } from "@gatehouse/shared";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { humanize } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { OUTCOME_COLOR } from "./outcome-colors";

type Props = { stats: DecisionLogStatsResponse | undefined; loading: boolean };

export function DecisionCharts({ stats, loading }: Props) {
  if (loading || !stats) {
    return (
      <div role="status" aria-live="polite" className="grid gap-4 lg:grid-cols-3">
        <span className="sr-only">Loading charts…</span>
        <Skeleton className="h-72 lg:col-span-2" />
        <Skeleton className="h-72" />
      </div>
    );
  }
  const hourly = stats.bucket === "hour";
  const series = stats.buckets.map((b) => ({ start: b.start, ...b.counts }));
  const present = DecisionOutcome.options.filter((o) => stats.totals[o] > 0);
  const tick = (iso: string) => {
    const d = new Date(iso);
    // UTC, as every time in the table is.
    return hourly ? d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) : d.toLocaleDateString("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });
  };
  const refusedTools = stats.topTools.filter((t) => t.refused > 0).slice(0, 6);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card className="lg:col-span-2" data-testid="decisions-over-time">
        <CardHeader>
          <CardTitle>Decisions over time</CardTitle>
          <CardDescription>
            {stats.total.toLocaleString()} decisions, per {stats.bucket} (UTC), stacked by outcome.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <div className="h-64" role="img" aria-label={`Decisions per ${stats.bucket} by outcome: ${present.map((o) => `${humanize(o)} ${stats.totals[o]}`).join(", ") || "none"}`}>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={series} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
                <XAxis dataKey="start" tickFormatter={tick} fontSize={11} minTickGap={24} />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip labelFormatter={(label) => `${new Date(String(label)).toISOString().slice(0, 16).replace("T", " ")} UTC`} formatter={(value, name) => [value, humanize(String(name))]} />
                <Legend formatter={(value) => humanize(String(value))} wrapperStyle={{ fontSize: 12 }} />
                {present.map((outcome) => (
                  <Bar key={outcome} dataKey={outcome} stackId="outcomes" fill={OUTCOME_COLOR[outcome]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        </CardContent>
      </Card>
      <Card data-testid="top-refused">
        <CardHeader>
          <CardTitle>Most refused</CardTitle>
          <CardDescription>Tools and rules behind refusals in this range.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {refusedTools.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing was refused in this range.</p>
          ) : (
            <div className="h-40" role="img" aria-label={`Refusals by tool: ${refusedTools.map((t) => `${t.tool} ${t.refused}`).join(", ")}`}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={refusedTools} layout="vertical" margin={{ top: 0, right: 8, bottom: 0, left: 0 }}>
                  <XAxis type="number" allowDecimals={false} fontSize={11} />
                  <YAxis type="category" dataKey="tool" width={110} fontSize={11} />
                  <Tooltip formatter={(value) => [value, "Refused"]} />
                  <Bar dataKey="refused" fill={OUTCOME_COLOR.denied} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          {stats.topRefusingRules.length > 0 && (
            <ul className="flex flex-col gap-1 text-sm" aria-label="Top refusing rules">
              {stats.topRefusingRules.slice(0, 5).map((r) => (
                <li key={r.rule} className="flex justify-between gap-2">
                  <span className="truncate font-mono text-xs">{r.rule}</span>
                  <span className="tabular-nums text-muted-foreground">{r.count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card className="lg:col-span-3" data-testid="latency">
        <CardHeader>
          <CardTitle>Latency</CardTitle>
          <CardDescription>Time Gatehouse adds (proxy overhead) and the upstream server's time, in milliseconds.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-6">
            {(["proxy", "upstream"] as const).flatMap((kind) =>
              (["p50", "p95", "p99"] as const).map((p) => (
                <div key={`${kind}-${p}`}>
                  <dt className="text-xs text-muted-foreground">
                    {kind === "proxy" ? "Proxy overhead" : "Upstream"} {p}
                  </dt>
                  <dd className="text-lg font-semibold tabular-nums">{formatMs(stats.latencyMs[kind][p])}</dd>
                </div>
              )),
            )}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}

const formatMs = (value: number | null) => (value === null ? "—" : `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`);
