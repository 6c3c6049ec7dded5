// Serves a framework-free `(Request) => Response` handler over real HTTP with node:http, so tests
// exercise the same code apps/web mounts without booting Next. Test-only; not for production.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "../internal-api.ts";

export type ServedHandler = { url: string; port: number; close(): Promise<void> };

/** Listens on 127.0.0.1:`port` (0 = any free port) and resolves once it accepts connections. */
export async function serveHandler(handler: RequestHandler, port = 0): Promise<ServedHandler> {
  const server = createServer((req, res) => {
    handle(handler, req, res).catch((error: unknown) => {
      console.error("[serve-handler] handler failed", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(handler: RequestHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = method === "GET" || method === "HEAD" || chunks.length === 0 ? null : Buffer.concat(chunks);
  const response = await handler(new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method, headers, body }));
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outgoing[name] = value;
  });
  res.writeHead(response.status, outgoing);
  res.end(Buffer.from(await response.arrayBuffer()));
}
