// nginx (Debian's package) as a round-robin load balancer in front of proxy replicas, with a
// generated config in a temp dir. No stickiness: consecutive requests of one MCP session land on
// different replicas, as they would behind any plain load balancer.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const NGINX = "/usr/sbin/nginx";

export type LoadBalancer = { url: string; pid: number; close(): Promise<void> };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startNginx(upstreamUrls: string[]): Promise<LoadBalancer> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install the Debian package nginx-light (npm test does when run as root).`);
  const dir = await mkdtemp(path.join(tmpdir(), "gatehouse-nginx-"));
  const port = await freePort();
  const servers = upstreamUrls.map((u) => `    server ${new URL(u).host} max_fails=0;`).join("\n");
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream replicas {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 60s;
      # A replica that refuses the connection (stopped) is skipped; a request already sent is not replayed.
      proxy_next_upstream error timeout;
    }
  }
}
`;
  await writeFile(path.join(dir, "nginx.conf"), conf);
  execFileSync(NGINX, ["-t", "-q", "-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "pipe" });
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Any HTTP answer means nginx is listening (what the replicas answer is not its concern).
    const up = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start (see ${dir}/error.log)`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
