import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type Sink } from "../../sim/cli/main";

const ROOT = join(__dirname, "../..");
const tmp = mkdtempSync(join(tmpdir(), "mxsim-args-"));

/** `mxsim ...args` in this process: exit code and what it printed. */
async function mxsim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const sink = (add: (s: string) => void): Sink => ({ write: add });
  const code = await main(args, sink((s) => (stdout += s)), sink((s) => (stderr += s)));
  return { code, stdout, stderr };
}

/** Exit 2, nothing on stdout, exactly `line` (one line) on stderr. */
async function refused(args: string[], line: string | RegExp): Promise<void> {
  const r = await mxsim(...args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  const lines = r.stderr.slice(0, -1).split("\n");
  expect(lines).toHaveLength(1);
  if (typeof line === "string") expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
}

const MAX = "9007199254740991";

describe("mxsim flags: numbers are numbers, in range", () => {
  it("--seed must be a whole number within ±(2^53 − 1)", async () => {
    await refused(["run", "default", "--seed", "abc"], `mxsim: --seed: "abc" is not a whole number (expected a whole number from -${MAX} to ${MAX})`);
    await refused(["run", "default", "--seed", "99999999999999999999999"], `mxsim: --seed: 99999999999999999999999 is out of range (expected a whole number from -${MAX} to ${MAX})`);
    await refused(["run", "default", "--seed", "1.5"], /^mxsim: --seed: "1\.5" is not a whole number/);
    await refused(["explain", "default", "--message", "x", "--seed", "7e3"], /^mxsim: --seed: "7e3" is not a whole number/);
  });

  it("the largest seed is taken exactly", async () => {
    const r = await mxsim("run", "line-saturation", "--json", "--seed", MAX, "--until", "1s");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("--max-events must be a whole number from 1", async () => {
    await refused(["run", "default", "--max-events", "abc"], `mxsim: --max-events: "abc" is not a whole number (expected a whole number from 1 to ${MAX})`);
    await refused(["run", "default", "--max-events=-1"], `mxsim: --max-events: -1 is out of range (expected a whole number from 1 to ${MAX})`);
    await refused(["run", "default", "--max-events", "0"], `mxsim: --max-events: 0 is out of range (expected a whole number from 1 to ${MAX})`);
  });

  it("durations are read by the scenario's unit parser, finite and above zero", async () => {
    await refused(["run", "default", "--until", "2 fortnights"], `mxsim: --until: cannot read "2 fortnights" (expected a duration like 250ms, 300s, 30m, 4h, 5d)`);
    await refused(["run", "default", "--until", "1e400s"], `mxsim: --until: cannot read "1e400s" (expected a duration like 250ms, 300s, 30m, 4h, 5d (a finite number))`);
    await refused(["run", "default", "--max-wall", "0s"], `mxsim: --max-wall: "0s" is out of range (expected a finite duration above zero, like 30s or 8h)`);
  });

  it("the sweep's counts are read the same way", async () => {
    await refused(["sweep", "retry-storm", "--workers", "99999999999999999999"], "mxsim: --workers: 99999999999999999999 is out of range (expected a whole number from 1 to 1024)");
    await refused(["sweep", "retry-storm", "--replications", "two"], `mxsim: --replications: "two" is not a whole number (expected a whole number from 1 to ${MAX})`);
  });

  it("--help states the accepted ranges", async () => {
    const r = await mxsim("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--seed N: a whole number from -${MAX} to ${MAX}`);
    expect(r.stdout).toContain(`--max-events N: a whole number from 1 to ${MAX}`);
  });
});

describe("mxsim and the file system: one line, exit 2", () => {
  it("a folder as the scenario", async () => {
    await refused(["run", tmp], `mxsim: cannot read ${JSON.stringify(tmp)}: it is a folder (expected a file)`);
    await refused(["validate", tmp], `mxsim: cannot read ${JSON.stringify(tmp)}: it is a folder (expected a file)`);
  });

  it("a missing scenario, a missing config to import", async () => {
    const missing = join(tmp, "nope.yaml");
    await refused(["run", missing], `mxsim: no scenario file ${JSON.stringify(missing)} (expected a YAML file, or the name of a bundled scenario: see mxsim list)`);
    await refused(["import", missing], `mxsim: cannot open ${JSON.stringify(missing)}: no such file or folder (expected an existing path)`);
  });

  it("--out and --pcap that cannot be written are refused before the run", async () => {
    await refused(["run", "default", "--out", "/dev/null/x"], `mxsim: cannot create the folder "/dev/null/x": a part of the path is not a folder (expected a path through folders)`);
    await refused(["run", "default", "--pcap", "/dev/null/x"], `mxsim: cannot open "/dev/null/x": a part of the path is not a folder (expected a path through folders)`);
  });

  it("a scenario that is not UTF-8 is refused at its byte", async () => {
    const file = join(tmp, "latin1.yaml");
    writeFileSync(file, Buffer.concat([Buffer.from("name: caf"), Buffer.from([0xe9]), Buffer.from("\nduration: 1h\n")]));
    await refused(["validate", file], `${file}:1:10: (top): not UTF-8: byte 0xe9 at offset 9 (expected a file in UTF-8)`);
  });

  it("through the installed command too: no internal error, no stack", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "run", tmp], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`mxsim: cannot read ${JSON.stringify(tmp)}: it is a folder (expected a file)\n`);
  });
});
