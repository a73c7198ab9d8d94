/**
 * Servers that a test needs, started by the test itself on a free loopback port and
 * stopped when it ends: no test leans on a service that CI or the developer started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on at the moment of asking (the kernel picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const addr = probe.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`, or rejects after `ms`. */
function listening(port: number, ms: number, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const why = exited();
      if (why !== null) return reject(new Error(why));
      const s = connect(port, "127.0.0.1");
      s.once("connect", () => {
        s.destroy();
        resolve();
      });
      s.once("error", () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on 127.0.0.1:${port} after ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A private redis-server (Debian's package) on a free loopback port: no persistence, no
 * configuration file, bound to 127.0.0.1 only. `npm test` checks that redis-server is
 * installed before the suite runs (scripts/prereqs.mjs).
 */
export async function startRedis(): Promise<LoopbackServer> {
  for (let tries = 0; ; tries++) {
    const port = await freeLoopbackPort();
    const proc: ChildProcess = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    let exit: string | null = null;
    proc.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    proc.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    proc.once("error", (e) => (exit = `redis-server could not start: ${e.message}`));
    proc.once("exit", (code) => (exit ??= `redis-server exited with ${code}: ${log.trim()}`));
    try {
      await listening(port, 10_000, () => exit);
    } catch (e) {
      proc.kill("SIGKILL");
      // Another process may have taken the port between the probe and the start.
      if (tries < 3 && /Address already in use/.test(log)) continue;
      throw e;
    }
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: () =>
        new Promise<void>((resolve) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
          proc.once("exit", () => resolve());
          proc.kill("SIGTERM");
        }),
    };
  }
}
