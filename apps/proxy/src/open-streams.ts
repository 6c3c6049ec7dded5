// Long-lived GET streams, so a bundle that takes a caller's right away also ends the streams that
// caller already has open. A stream is checked against every new state of its org: closed when
// its token is gone (revoked, identity disabled) or expired, its grant is missing, disabled or
// expired, or its server is deleted or disabled. Token and grant expiry also close it on time,
// without waiting for a bundle.
import { findGrant } from "./auth.ts";
import type { OrgState } from "./bundle-store.ts";

export type OpenStream = {
  orgId: string;
  serverId: string;
  tokenHash: string;
  identityId: string;
  /** When the token or the grant expires, whichever is first (null: never). */
  expiresAtMs: number | null;
  /** Ends the stream (aborts the upstream request; the relay then ends the client's response). */
  close(reason: string): void;
};

/** Why `stream` may no longer run under `state` (undefined: the org's bundle is gone), or null. */
export function revocationReason(stream: OpenStream, state: OrgState | undefined, now: number): string | null {
  if (!state) return "the org's bundle was removed";
  const server = state.servers.get(stream.serverId);
  if (!server) return "the server was deleted";
  if (!server.server.enabled) return "the server was disabled";
  const token = state.tokens.get(stream.tokenHash);
  if (!token || token.identity.id !== stream.identityId) return "the token was revoked";
  if (token.expiresAtMs !== null && token.expiresAtMs <= now) return "the token expired";
  const grant = findGrant(state, stream.identityId, stream.serverId, now);
  return grant.ok ? null : grant.message;
}

export class OpenStreams {
  private readonly byOrg = new Map<string, Set<OpenStream>>();

  get size(): number {
    let n = 0;
    for (const set of this.byOrg.values()) n += set.size;
    return n;
  }

  /** Registers a stream; returns the function that unregisters it (call it when the stream ends). */
  add(stream: OpenStream): () => void {
    let set = this.byOrg.get(stream.orgId);
    if (!set) {
      set = new Set();
      this.byOrg.set(stream.orgId, set);
    }
    set.add(stream);
    let timer: NodeJS.Timeout | undefined;
    if (stream.expiresAtMs !== null) {
      // setTimeout holds at most ~24.8 days; a later expiry is caught by the next bundle or re-arm.
      const delay = Math.min(Math.max(0, stream.expiresAtMs - Date.now()), 2 ** 31 - 1);
      timer = setTimeout(() => stream.close("the token or grant expired"), delay);
      timer.unref();
    }
    return () => {
      clearTimeout(timer);
      set.delete(stream);
      if (set.size === 0 && this.byOrg.get(stream.orgId) === set) this.byOrg.delete(stream.orgId);
    };
  }

  /** Called with each newly installed state of an org (undefined when the org was removed). */
  review(orgId: string, state: OrgState | undefined, now = Date.now()): void {
    const set = this.byOrg.get(orgId);
    if (!set) return;
    for (const stream of [...set]) {
      const reason = revocationReason(stream, state, now);
      if (reason !== null) stream.close(reason);
    }
  }
}
