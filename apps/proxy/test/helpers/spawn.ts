// Starts a Node service as a separate process and resolves with the URL it logs when listening
// (a JSON line whose `msg` is `readyMsg`). Used for the second proxy replica and the benchmark.
import { type ChildProcess, spawn } from "node:child_process";

/** `opsUrl`: the ops listener, when the service logs one (the proxy does). */
export type Service = { url: string; opsUrl?: string; process: ChildProcess; stop(): Promise<void> };

export async function spawnService(cwd: string, script: string, env: Record<string, string>, readyMsg: string, nodeArgs: string[] = []): Promise<Service> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const { url, opsUrl } = await new Promise<{ url: string; opsUrl?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // Keep only a tail: a long-running child logs a lot.
      if (output.length > 64_000) output = output.slice(-32_000);
      const line = output.split("\n").find((l) => l.includes(`"msg":"${readyMsg}"`));
      const listening = line ? (JSON.parse(line) as { url?: string; opsUrl?: string }) : undefined;
      if (listening?.url) {
        clearTimeout(timer);
        resolve({ url: listening.url, opsUrl: listening.opsUrl });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    opsUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
