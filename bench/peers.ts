/**
 * The other simulators, measured in the same run as ours: each peer model in
 * `bench/peers/` is the same model as an mxsim case, written the way that simulator's
 * documentation writes it, and run on Debian's own python3 with Debian's packages
 * (`python3-simpy3`, `python3-simgrid`). A figure typed in from another day measures
 * another machine's load, so it is used only when the peer is not installed, and then
 * labelled as such.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this module with a package.json (sources and the bundle alike). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("bench: cannot find the repository root");
    dir = up;
  }
  return dir;
}

const PYTHON = "/usr/bin/python3";
export const PEER_INSTALL = "npm run bench -- --peers (installs them when root), or: apt-get install python3-simpy3 python3-simgrid";

export interface Peer {
  /** Display name with its version, e.g. "SimPy 3.0.11". */
  readonly label: string;
  /** The Python module the peer needs. */
  readonly module: string;
}

const available = new Map<string, boolean>();
/** Whether Debian's python3 imports the peer's module. */
export function installed(peer: Peer): boolean {
  let ok = available.get(peer.module);
  if (ok === undefined) {
    ok = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", `import ${peer.module}`], { stdio: "ignore" }).status === 0;
    available.set(peer.module, ok);
  }
  return ok;
}

/** Runs `bench/peers/<script>` with `args`; its one JSON line (`seconds` is the peer's own timing of its model run). */
export function runPeer(script: string, args: (string | number)[]): { seconds: number } & Record<string, unknown> {
  const p = spawnSync(PYTHON, [join(repoRoot(), "bench/peers", script), ...args.map(String)], {
    encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 << 20,
  });
  const line = p.stdout.trim().split("\n").at(-1) ?? "";
  if (p.status !== 0 || !line.startsWith("{")) throw new Error(`bench: peer ${script} failed (exit ${p.status}): ${p.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(line) as { seconds: number } & Record<string, unknown>;
}

/**
 * Ours and the peer's, interleaved `reps` times (ours, peer, ours, peer, …) so both see
 * the same machine; the best of each, and every time. Without the peer installed, the
 * peer side is its typed-in figure, labelled.
 */
export function interleaved<T>(
  reps: number,
  ours: () => T,
  peer: Peer,
  runPeerOnce: () => { seconds: number } & Record<string, unknown>,
): {
  ours: { result: T; seconds: number; all: number[] };
  peer: { measured: true; seconds: number; all: number[]; last: Record<string, unknown> } | { measured: false; note: string };
} {
  const has = installed(peer);
  const mine: number[] = [];
  const theirs: number[] = [];
  let bestResult: T | undefined;
  let bestSeconds = Infinity;
  let last: { seconds: number } & Record<string, unknown> = { seconds: NaN };
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const result = ours();
    const s = (performance.now() - t0) / 1000;
    mine.push(s);
    if (s < bestSeconds) {
      bestSeconds = s;
      bestResult = result;
    }
    if (has) {
      last = runPeerOnce();
      theirs.push(last.seconds);
    }
  }
  return {
    ours: { result: bestResult as T, seconds: bestSeconds, all: mine },
    peer: has
      ? { measured: true, seconds: Math.min(...theirs), all: theirs, last }
      : { measured: false, note: `${peer.label} not installed: typed-in figure from an earlier day (${PEER_INSTALL})` },
  };
}

export const SIMPY: Peer = { label: "SimPy 3.0.11", module: "simpy" };
export const SIMGRID: Peer = { label: "SimGrid 3.32", module: "simgrid" };

/** The figure ours is compared with: the peer's, from this run, or the typed-in one, labelled as such. */
export function peerFigure(
  peer: Peer,
  run: ReturnType<typeof interleaved>["peer"],
  fromSeconds: (s: number) => number,
  typedIn: number,
  what: string,
): { value: number; label: string } {
  if (run.measured) {
    const all = run.all.map((s) => fromSeconds(s).toPrecision(3)).join(", ");
    return { value: fromSeconds(run.seconds), label: `${peer.label}, ${what}, this run (best of ${run.all.length} interleaved: ${all})` };
  }
  return { value: typedIn, label: `${peer.label}, ${what}, TYPED-IN figure — ${run.note}` };
}
