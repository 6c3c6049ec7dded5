// Reads a request body up to a size limit and an idle limit. A Content-Length over the limit is
// refused before reading; a chunked body is counted as it arrives and abandoned at the limit
// (the rest is drained and discarded, so the 413 can still be written on the same connection),
// so a client can never make the proxy hold more than maxBodyBytes of one request. A body that
// stops arriving for `idleMs` is abandoned too: the caller answers 408 and closes the connection
// (node's requestTimeout bounds the whole request, however slowly it trickles).
import type { IncomingMessage } from "node:http";

export type BodyResult = { kind: "ok"; body: Buffer } | { kind: "too_large" } | { kind: "idle" };

export function readBody(req: IncomingMessage, limit: number, idleMs: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ kind: "too_large" });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      resolve(result);
    };
    // One timer per body, pushed back by refresh() as chunks arrive (no new timer per chunk).
    const idle = setTimeout(() => settle({ kind: "idle" }), idleMs);
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      idle.refresh();
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ kind: "too_large" });
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => settle({ kind: "ok", body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }));
    req.once("error", (error) => {
      clearTimeout(idle);
      if (!settled) reject(error);
      settled = true;
    });
    req.once("close", () => clearTimeout(idle));
  });
}
