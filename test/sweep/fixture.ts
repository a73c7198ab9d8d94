/** A small, fast sweep for the CLI tests: the retry-storm scenario shortened to 3 h with a 1-hour outage. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "../..");

export function mxsim(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function mxsimAsync(...args: string[]): ChildProcess {
  return spawn(process.execPath, [join(ROOT, "bin/mxsim.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
}

/** Write the small sweep (2 configurations × `replications`) into `dir`; returns its path. */
export function smallSweep(dir: string, replications = 3, profiles = ["postfix", "qmail"]): string {
  const file = join(dir, "small.yaml");
  const set = (p: string): string =>
    `  - name: ${p}\n    set:\n      hosts.relay.mta.profile: ${p}\n      duration: 3h\n      sampleEvery: 2m\n      faults[0].at: 30m\n      faults[0].for: 1h\n      traffic[0].rate: 3/min\n`;
  writeFileSync(file, `name: small\nbase: ${join(ROOT, "scenarios/retry-storm.yaml")}\nreplications: ${replications}\nconfigurations:\n${profiles.map(set).join("")}baseline: postfix\nlinks: [internet--gateway]\n`);
  return file;
}
