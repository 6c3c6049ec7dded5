// Issue 7, defect 8: an authenticated client could hold a connection open forever by never
// finishing its body (requestTimeout was 0). Headers, the whole request and body idleness are
// now bounded; a request that runs out of time gets 408 and its connection is closed.
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { useFixture } from "../helpers/fixture.ts";

/** Sends `head` (and later `trickle` bytes one by one), resolves with what the server sent before closing. */
function slowRequest(url: string, head: string, trickle = "", everyMs = 100): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let received = "";
    let timer: NodeJS.Timeout | undefined;
    // The test's own bound: a server that never gives up fails the test instead of hanging it.
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the proxy kept the connection open; received so far: ${JSON.stringify(received)}`));
    }, 8000);
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    socket.on("close", () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve(received);
    });
    socket.on("error", () => {});
    socket.write(head);
    let i = 0;
    if (trickle !== "") {
      timer = setInterval(() => {
        if (i < trickle.length && !socket.destroyed) socket.write(trickle[i++]!);
      }, everyMs);
    }
  });
}

describe("slow requests", () => {
  const f = useFixture({
    policy: { version: "1", default: "allow" },
    proxy: { headersTimeoutMs: 600, requestTimeoutMs: 1500, bodyIdleTimeoutMs: 400 },
  });

  function head(contentLength: number): string {
    const { host } = new URL(f.url);
    return `POST ${new URL(f.url).pathname} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${f.org.identities[0]!.token}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ${contentLength}\r\n\r\n`;
  }

  it("answers 408 and closes when the body stops arriving", async () => {
    f.upstream.reset();
    const received = await slowRequest(f.url, `${head(100)}{"jsonrpc":"2.0",`);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(f.upstream.stats().requests).toEqual([]);
  });

  it("closes a body trickled slowly enough to never be idle", async () => {
    const received = await slowRequest(f.url, head(1000), "x".repeat(1000), 100);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection whose headers never finish", async () => {
    const { host } = new URL(f.url);
    const received = await slowRequest(f.url, `POST ${new URL(f.url).pathname} HTTP/1.1\r\nHost: ${host}\r\n`, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 100);
    expect(received).toMatch(/^HTTP\/1\.1 408 |^$/);
  });
});
