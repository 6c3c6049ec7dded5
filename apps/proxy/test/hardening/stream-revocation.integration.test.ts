// Issue 7, defect 5: revoking a token did not close its open GET stream (events kept flowing for
// 21 s). Streams of a revoked token, a disabled grant or a deleted server are now closed as soon
// as the bundle that says so is installed; other streams stay open.
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";
import { waitFor } from "../helpers/harness.ts";
import type { TestIdentity } from "../helpers/org.ts";
import { openSession } from "../helpers/raw.ts";

type OpenStream = { ended: () => boolean; close(): void };

async function openGetStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(url, { method: "GET", headers: { ...headers, accept: "text/event-stream" }, signal: abort.signal });
  expect(res.status).toBe(200);
  let ended = false;
  const reader = res.body!.getReader();
  void (async () => {
    try {
      for (;;) if ((await reader.read()).done) break;
    } catch {
      // aborted by the test, or reset by the proxy
    }
    ended = true;
  })();
  return { ended: () => ended, close: () => abort.abort() };
}

describe("open GET streams follow the bundle", () => {
  const f = useFixture({ policy: { version: "1", default: "allow" } });

  async function streamOf(identity: TestIdentity): Promise<OpenStream> {
    return openGetStream(f.url, await openSession(f.url, identity.token));
  }

  async function publish(): Promise<void> {
    await f.cp.publish(f.org.bundle());
    await f.proxy.bundles.refresh(f.org.orgId);
  }

  it.each([
    [
      "its token is revoked",
      (id: TestIdentity) => {
        f.org.draft.tokens = f.org.draft.tokens.filter((t) => t.identityId !== id.id);
      },
    ],
    [
      "its grant is disabled",
      (id: TestIdentity) => {
        f.org.draft.grants.find((g) => g.identityId === id.id)!.enabled = false;
      },
    ],
    [
      "its identity is disabled",
      (id: TestIdentity) => {
        f.org.draft.identities.find((i) => i.id === id.id)!.disabled = true;
      },
    ],
  ])("closes a stream when %s, and leaves the others open", async (_label, revoke) => {
    const victim = f.org.addIdentity(`victim-${Math.random()}`, true);
    const bystander = f.org.addIdentity(`bystander-${Math.random()}`, true);
    await publish();
    const victimStream = await streamOf(victim);
    const bystanderStream = await streamOf(bystander);
    try {
      revoke(victim);
      await publish();
      await waitFor(() => (victimStream.ended() ? true : undefined), 10_000, "the revoked stream to close");
      expect(bystanderStream.ended()).toBe(false);
    } finally {
      victimStream.close();
      bystanderStream.close();
    }
  });

  it("closes every stream of a server that is deleted or disabled", async () => {
    const stream = await streamOf(f.org.identities[0]!);
    try {
      f.org.draft.servers[0]!.enabled = false;
      await publish();
      await waitFor(() => (stream.ended() ? true : undefined), 10_000, "the disabled server's stream to close");
    } finally {
      stream.close();
      f.org.draft.servers[0]!.enabled = true;
      await publish();
    }
  });
});
