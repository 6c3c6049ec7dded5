// react-query keys, one factory per entity, so a mutation can invalidate exactly what it changed:
//
//   queryClient.invalidateQueries({ queryKey: queryKeys.servers.all })      // every server list and detail
//   queryClient.invalidateQueries({ queryKey: queryKeys.servers.lists() })  // lists only
//   useQuery({ queryKey: queryKeys.servers.detail(id), … })
//
// Keys are arrays that start with the entity name; list keys end with the filter object, so two
// lists with different filters are cached apart and both invalidated by `lists()`.

type Filters = Record<string, string | number | boolean | null | undefined>;

function entityKeys<const Name extends string>(name: Name) {
  return {
    all: [name] as const,
    lists: () => [name, "list"] as const,
    list: (filters: Filters = {}) => [name, "list", filters] as const,
    details: () => [name, "detail"] as const,
    detail: (id: string) => [name, "detail", id] as const,
  };
}

export const queryKeys = {
  me: entityKeys("me"),
  org: entityKeys("org"),
  members: entityKeys("members"),
  invitations: entityKeys("invitations"),
  apiKeys: entityKeys("api-keys"),
  servers: entityKeys("servers"),
  /** Tools of a server: `queryKeys.tools.list({ serverId })`. */
  tools: entityKeys("tools"),
  identities: entityKeys("identities"),
  /** Tokens of an identity: `queryKeys.tokens.list({ identityId })`. */
  tokens: entityKeys("tokens"),
  grants: entityKeys("grants"),
  policies: entityKeys("policies"),
  /** Versions of a policy: `queryKeys.policyVersions.list({ policyId })`. */
  policyVersions: entityKeys("policy-versions"),
  approvals: entityKeys("approvals"),
  decisionLogs: entityKeys("decision-logs"),
  decisionStats: entityKeys("decision-stats"),
  auditEvents: entityKeys("audit-events"),
  webhooks: entityKeys("webhooks"),
  devMailbox: entityKeys("dev-mailbox"),
} as const;
