// /decision-logs routes through the common security checks. Another org's ids in a filter are not
// a 404 but an empty page (a filter names no resource): decision-logs.integration.test.ts checks
// that, and the live tail's authentication, which needs Redis and a stream that never ends.
import { ADMINS, EVERYONE, describeRouteSecurity } from "./support/route-security";

describeRouteSecurity("decision logs", {
  "/decision-logs": {
    method: "GET",
    allowed: EVERYONE,
    status: 200,
    prepare: async () => ({ path: "/decision-logs?outcome=denied&limit=5" }),
  },
  "/decision-logs/stats": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/decision-logs/stats?bucket=hour" }) },
  "/decision-logs/export": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/decision-logs/export?format=ndjson" }) },
  "/decision-logs/settings": { method: "GET", allowed: EVERYONE, status: 200, prepare: async () => ({ path: "/decision-logs/settings" }) },
  "/decision-logs/settings (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async () => ({ path: "/decision-logs/settings", body: { retentionDays: 14 } }),
    invalid: { body: { retentionDays: 0 }, paths: ["retentionDays"] },
  },
});
