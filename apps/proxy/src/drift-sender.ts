// Sends a tool-drift report (tool-pins.ts DriftReporter) to the control plane's internal API with
// the proxy credential, fire and forget: the request that relayed the tools/list never waits
// for it, and a failure is counted and logged, then retried by the next report after the interval.
import type { ListedTool } from "@gatehouse/policy";
import type { ToolDriftReport } from "@gatehouse/shared";
import { errorMessage, type Logger } from "@gatehouse/shared/node";
import type { BundleStore } from "./bundle-store.ts";
import type { ProxyMetrics } from "./metrics.ts";
import type { DriftSend } from "./tool-pins.ts";

const REPORT_TIMEOUT_MS = 5000;

export function httpDriftSender(o: { controlPlaneUrl: string; secret: string; proxyId: string; store: BundleStore; metrics: ProxyMetrics; logger: Logger }): DriftSend {
  return (serverId: string, tools: ListedTool[]) => {
    const orgId = o.store.findServer(serverId)?.org.orgId;
    if (!orgId) return;
    const report: ToolDriftReport = { orgId, serverId, proxyId: o.proxyId, tools };
    void fetch(`${o.controlPlaneUrl}/api/internal/tool-drift`, {
      method: "POST",
      headers: { authorization: `Bearer ${o.secret}`, "content-type": "application/json" },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(REPORT_TIMEOUT_MS),
    })
      .then(async (response) => {
        const body = await response.text();
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
        o.metrics.driftReports.inc({ result: "ok" });
        o.logger.info("tool drift reported", { orgId, serverId, tools: tools.map((t) => t.name).join(","), answer: body.slice(0, 500) });
      })
      .catch((error: unknown) => {
        o.metrics.driftReports.inc({ result: "failed" });
        o.logger.warn("tool drift report failed", { orgId, serverId, tools: tools.map((t) => t.name).join(","), error: errorMessage(error) });
      });
  };
}
