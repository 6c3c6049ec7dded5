// The bundles this proxy enforces, indexed for the hot path: server id → server (across orgs),
// token hash → identity, (identity, server) → grant with its compiled plan. An install builds a
// whole new OrgState and swaps it in, so a request holds one consistent revision from start to
// end and the next request sees the new one.
import type { ArgumentValidators, CompiledPolicy } from "@gatehouse/policy";
import type { BundleGrant, BundleIdentity, BundlePolicy, BundleServer, BundleToken, EnforcementBundle } from "@gatehouse/shared";
import { compileServerValidators } from "./argument-validators.ts";
import { PolicyCache } from "./policy-cache.ts";
import { type ClientCredentialsConfig, judgeLiteralHost, readClientCredentials, sha256Hex } from "@gatehouse/shared/node";

export type UpstreamTarget = {
  url: URL;
  /** Decrypted upstream credential headers, lower-cased names. In memory only. */
  headers: Readonly<Record<string, string>>;
  /** OAuth client credentials (instead of headers): forward.ts fetches and caches the bearer token. */
  oauth?: { key: string; config: ClientCredentialsConfig } | null;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Set when the server cannot be forwarded to at all (credential unreadable, address refused). */
  configError: string | null;
};

export type ServerEntry = {
  org: OrgState;
  server: BundleServer;
  upstream: UpstreamTarget;
  validators?: ArgumentValidators | null;
  /** Set when the server captures arguments: encrypts their JSON for the decision event (exchange-log.ts). */
  sealArguments?: ((json: string) => string) | null;
};
export type TokenEntry = { token: BundleToken; identity: BundleIdentity; expiresAtMs: number | null };
export type GrantEntry = { grant: BundleGrant; expiresAtMs: number | null; policy: BundlePolicy | null; plan: CompiledPolicy | null };

export type OrgState = {
  orgId: string;
  bundle: EnforcementBundle;
  etag: string;
  builtAtMs: number;
  installedAtMs: number;
  tokens: ReadonlyMap<string, TokenEntry>;
  grants: ReadonlyMap<string, GrantEntry>;
  servers: ReadonlyMap<string, ServerEntry>;
};

export type StoreOptions = {
  /** Decrypts an upstreamAuthEnc envelope into its plaintext JSON. */
  decrypt: (envelope: string) => string;
  /** Encrypts captured tools/call arguments (servers with captureArguments); absent: nothing is captured. */
  encrypt?: (plaintext: string) => string;
  allowPrivateUpstreams: boolean;
};

// Headers the proxy owns on the upstream hop; a credential may not override them.
const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "mcp-session-id", "mcp-protocol-version", "content-type", "accept"]);

export function grantKey(identityId: string, serverId: string): string {
  return `${identityId}\u0000${serverId}`;
}

function parseTime(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  // An unreadable expiry must not mean "never expires".
  return Number.isNaN(ms) ? 0 : ms;
}

export class BundleStore {
  private readonly orgs = new Map<string, OrgState>();
  private readonly serverIndex = new Map<string, ServerEntry>();
  private readonly listeners = new Set<(orgId: string, state: OrgState | undefined) => void>();
  readonly policies = new PolicyCache();

  constructor(private readonly options: StoreOptions) {}

  /** Builds and swaps in an org's state. Throws (keeping the previous state) if a policy is invalid. */
  install(bundle: EnforcementBundle, etag: string, now = Date.now()): OrgState {
    const identities = new Map(bundle.identities.map((i) => [i.id, i]));
    const policies = new Map(bundle.policies.map((p) => [p.id, p]));
    const plans = new Map<string, CompiledPolicy>();
    for (const policy of bundle.policies) plans.set(policy.id, this.policies.get(policy));

    const tokens = new Map<string, TokenEntry>();
    for (const token of bundle.tokens) {
      const identity = identities.get(token.identityId);
      // A disabled identity's tokens stop working at once, as if revoked.
      if (!identity || identity.disabled) continue;
      tokens.set(token.hash, { token, identity, expiresAtMs: parseTime(token.expiresAt) });
    }
    const grants = new Map<string, GrantEntry>();
    for (const grant of bundle.grants) {
      const policy = grant.policyId === null ? null : (policies.get(grant.policyId) ?? null);
      grants.set(grantKey(grant.identityId, grant.serverId), {
        grant,
        expiresAtMs: parseTime(grant.expiresAt),
        policy,
        plan: policy ? (plans.get(policy.id) ?? null) : null,
      });
    }
    const servers = new Map<string, ServerEntry>();
    const state: OrgState = {
      orgId: bundle.orgId,
      bundle,
      etag,
      builtAtMs: Date.parse(bundle.builtAt) || now,
      installedAtMs: now,
      tokens,
      grants,
      servers,
    };
    const seal = this.options.encrypt ?? null;
    for (const server of bundle.servers) {
      const sealArguments = server.captureArguments === true ? seal : null;
      servers.set(server.id, { org: state, server, upstream: this.target(server), validators: compileServerValidators(server), sealArguments });
    }

    const previous = this.orgs.get(bundle.orgId);
    if (previous) for (const id of previous.servers.keys()) this.serverIndex.delete(id);
    this.orgs.set(bundle.orgId, state);
    for (const [id, entry] of servers) this.serverIndex.set(id, entry);
    this.forgetUnusedPlans();
    this.changed(bundle.orgId, state);
    return state;
  }

  /** Called after every install or removal of an org's state (open-streams.ts reviews its streams). */
  onChange(listener: (orgId: string, state: OrgState | undefined) => void): void {
    this.listeners.add(listener);
  }

  private changed(orgId: string, state: OrgState | undefined): void {
    for (const listener of this.listeners) listener(orgId, state);
  }

  remove(orgId: string): void {
    const previous = this.orgs.get(orgId);
    if (!previous) return;
    for (const id of previous.servers.keys()) this.serverIndex.delete(id);
    this.orgs.delete(orgId);
    this.forgetUnusedPlans();
    this.changed(orgId, undefined);
  }

  findServer(serverId: string): ServerEntry | undefined {
    return this.serverIndex.get(serverId);
  }

  org(orgId: string): OrgState | undefined {
    return this.orgs.get(orgId);
  }

  allOrgs(): OrgState[] {
    return [...this.orgs.values()];
  }

  get empty(): boolean {
    return this.orgs.size === 0;
  }

  private target(server: BundleServer): UpstreamTarget {
    const base = {
      connectTimeoutMs: server.connectTimeoutMs,
      headersTimeoutMs: server.headersTimeoutMs,
      bodyTimeoutMs: server.bodyTimeoutMs,
    };
    let url: URL;
    try {
      url = new URL(server.upstreamUrl);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    } catch {
      return { ...base, url: new URL("http://invalid.invalid/"), headers: {}, configError: "The server's upstream URL is not a valid http(s) URL." };
    }
    // The legacy HTTP+SSE transport needs a bridge (GET /sse + POST /messages) this proxy does
    // not have yet; refusing clearly beats forwarding Streamable HTTP to a server that cannot
    // answer it.
    if (server.transport !== "streamable_http") {
      return { ...base, url, headers: {}, configError: "This server uses the legacy SSE transport, which this proxy does not support yet." };
    }
    // IP literals are judged here, once; names at every dial (forward.ts, upstreamConnector).
    const literal = judgeLiteralHost(url.hostname, { allowPrivate: this.options.allowPrivateUpstreams });
    if (literal && !literal.ok) {
      const configError =
        literal.reason === "metadata"
          ? "The upstream address is a cloud metadata address, which this proxy never connects to."
          : "The upstream address is in a private network, which this proxy does not allow.";
      return { ...base, url, headers: {}, configError };
    }
    if (server.upstreamAuthEnc === null) return { ...base, url, headers: {}, configError: null };
    try {
      const parsed: unknown = JSON.parse(this.options.decrypt(server.upstreamAuthEnc));
      const oauth = readClientCredentials(parsed);
      if (oauth) {
        // The key changes with the credential, so an edited credential never reuses an old token.
        const tokenUrl = new URL(oauth.tokenUrl);
        if (tokenUrl.protocol !== "http:" && tokenUrl.protocol !== "https:") throw new Error("token URL not http(s)");
        const key = `${server.id}:${sha256Hex(JSON.stringify(oauth)).slice(0, 16)}`;
        return { ...base, url, headers: {}, oauth: { key, config: oauth }, configError: null };
      }
      return { ...base, url, headers: this.readCredential(parsed), configError: null };
    } catch {
      // Never echo the envelope or the key problem's details to a client.
      return { ...base, url, headers: {}, configError: "The upstream credential for this server could not be decrypted by this proxy." };
    }
  }

  private readCredential(parsed: unknown): Record<string, string> {
    const headers = (parsed as { headers?: unknown } | null)?.headers;
    if (typeof headers !== "object" || headers === null) throw new Error("credential has no headers object");
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (typeof value !== "string" || RESERVED_HEADERS.has(lower) || !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(lower)) continue;
      out[lower] = value;
    }
    return out;
  }

  private forgetUnusedPlans(): void {
    const used = new Set<string>();
    for (const org of this.orgs.values()) for (const p of org.bundle.policies) used.add(p.versionId);
    this.policies.retainOnly(used);
  }
}
