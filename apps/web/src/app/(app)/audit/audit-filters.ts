// The audit trail's URL filters. A plain module: the server page and the client component both
// read it (a "use client" module would hand the server page a client reference, not the array).
export const AUDIT_FILTER_NAMES = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
export type AuditFilterValues = Partial<Record<(typeof AUDIT_FILTER_NAMES)[number], string>>;
