// The EvalContext the proxy would build for a caller, rebuilt from rows for the simulator and replay.
import type { EvalContext } from "@gatehouse/policy";

export type IdentityRow = { id: string; name: string; kind: string; labels: unknown };

/** The context the proxy would build for this caller; a call without an identity is an anonymous agent. */
export function evalContext(orgId: string, server: { id: string; name: string }, identity: IdentityRow | null, grantId: string | null, now: number): EvalContext {
  return {
    orgId,
    identity: identity
      ? { id: identity.id, name: identity.name, kind: identity.kind, labels: labelsOf(identity.labels) }
      : { id: "idn_simulated", name: "(simulated)", kind: "agent", labels: {} },
    grant: { id: grantId ?? "grant_simulated" },
    server: { id: server.id, name: server.name },
    session: null,
    now,
  };
}

function labelsOf(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

