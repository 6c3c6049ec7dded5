// The floor for any proxy written in Node: node:http in, undici out, request and response parsed
// and re-serialized as JSON, nothing else (no auth, policy, limits or logging). Prints its URL.
// With FLOOR_REDIS_URL it also makes the one Redis round trip an exact cross-replica limit needs
// (an INCR per call, before forwarding, on an auto-pipelined ioredis connection as the proxy's):
// the floor for a Node proxy that keeps limits exact.
import { createServer } from "node:http";
import { Redis } from "ioredis";
import { Pool } from "undici";

const redis = process.env.FLOOR_REDIS_URL ? new Redis(process.env.FLOOR_REDIS_URL, { enableAutoPipelining: true }) : null;

const target = new URL(process.env.UPSTREAM_URL);
const pool = new Pool(target.origin, { connections: 128, pipelining: 1 });
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    try {
      const message = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      if (redis) await redis.incr("bench:floor:calls");
      const upstream = await pool.request({ path: target.pathname, method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify(message) });
      const reply = await upstream.body.json();
      const body = JSON.stringify(reply);
      res.writeHead(upstream.statusCode, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/mcp` })));
