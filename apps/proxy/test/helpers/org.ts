// An org as the control plane would describe it in its EnforcementBundle, built from plain
// values: real SHA-256 token hashes, a real AES-GCM upstream credential, random ids per suite.
// `publish` semantics are the control plane's: every content change is a new revision.
import { canonicalJson } from "@gatehouse/policy";
import { type BundleGrant, type BundleIdentity, type BundlePolicy, type BundleServer, type EnforcementBundle, newId } from "@gatehouse/shared";
import { encryptText, generateSecret, sha256Hex, TOKEN_PREFIX } from "@gatehouse/shared/node";

export type TestIdentity = { id: string; token: string; tokenPrefix: string; grantId: string };

export type OrgDraft = {
  servers: BundleServer[];
  identities: BundleIdentity[];
  tokens: EnforcementBundle["tokens"];
  policies: BundlePolicy[];
  grants: BundleGrant[];
};

export type TestOrgOptions = {
  key: Buffer;
  upstreamUrl: string;
  /** Sent to the upstream by the proxy, encrypted in the bundle. */
  upstreamHeaders?: Record<string, string>;
  policy: unknown;
  identities?: number;
  server?: Partial<BundleServer>;
};

export class TestOrg {
  readonly orgId = newId("org");
  readonly serverId = newId("server");
  readonly policyId = newId("policy");
  readonly identities: TestIdentity[] = [];
  revision = 0;
  private versionNumber = 0;
  readonly draft: OrgDraft;
  private current: EnforcementBundle | null = null;

  constructor(options: TestOrgOptions) {
    const upstreamAuthEnc = options.upstreamHeaders ? encryptText(options.key, JSON.stringify({ headers: options.upstreamHeaders })) : null;
    this.draft = {
      servers: [
        {
          id: this.serverId,
          name: "flux",
          upstreamUrl: options.upstreamUrl,
          transport: "streamable_http",
          upstreamAuthEnc,
          connectTimeoutMs: 2000,
          headersTimeoutMs: 10_000,
          bodyTimeoutMs: 10_000,
          maxBodyBytes: 4 * 1024 * 1024,
          enabled: true,
          ...options.server,
        },
      ],
      identities: [],
      tokens: [],
      policies: [],
      grants: [],
    };
    for (let i = 0; i < (options.identities ?? 1); i++) this.addIdentity(`agent-${i + 1}`, true);
    this.setPolicyDocument(options.policy);
  }

  /** A new identity with a token, and a grant on the server under the org's policy when `grant`. */
  addIdentity(name: string, grant: boolean): TestIdentity {
    const id = newId("identity");
    const secret = generateSecret(TOKEN_PREFIX);
    const grantId = newId("grant");
    this.draft.identities.push({ id, name, kind: "agent", labels: { team: "test" }, disabled: false });
    this.draft.tokens.push({ hash: secret.hash, prefix: secret.prefix, identityId: id, expiresAt: null });
    if (grant) this.draft.grants.push({ id: grantId, identityId: id, serverId: this.serverId, policyId: this.policyId, enabled: true, expiresAt: null });
    const identity = { id, token: secret.plaintext, tokenPrefix: secret.prefix, grantId };
    this.identities.push(identity);
    return identity;
  }

  /** Publishes a new immutable version of the org's policy (the grants keep pointing at the policy). */
  setPolicyDocument(document: unknown): void {
    this.versionNumber += 1;
    this.draft.policies = [{ id: this.policyId, name: "test-policy", serverId: this.serverId, versionId: newId("policyVersion"), versionNumber: this.versionNumber, document }];
  }

  tokenHash(token: string): string {
    return sha256Hex(token);
  }

  /** The bundle for the draft as it is now; a new revision whenever the content changed. */
  bundle(): EnforcementBundle {
    const content = { orgId: this.orgId, ...structuredClone(this.draft) };
    const contentHash = sha256Hex(canonicalJson(content));
    if (this.current?.contentHash === contentHash) return this.current;
    this.revision += 1;
    this.current = { ...content, revision: this.revision, contentHash, builtAt: new Date().toISOString() };
    return this.current;
  }

  get mcpPath(): string {
    return `/mcp/${this.serverId}`;
  }
}
