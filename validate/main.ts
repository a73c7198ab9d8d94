/**
 * `npm run validate [daemon] [case...]`: the real daemons against mxsim, case by case.
 *
 * As root on Debian it installs what it needs (postfix, tshark) with apt; it runs each
 * daemon as a private instance on loopback addresses only, drives it with the cases of
 * validate/cases.ts, runs mxsim on the same cases, and writes `docs/validation.md` (real
 * and simulated side by side) with the raw observations in `docs/validation/*.json`.
 * Cases run in parallel, each on its own loopback addresses: they wait on the daemon's
 * timers, not on the CPU.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CASES } from "./cases";
import { report } from "./report";
import { runCase, type CaseResult } from "./run-case";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "docs/validation");

function ensurePackages(): void {
  const missing = [["postconf", "postfix"], ["tshark", "tshark"]].filter(([cmd]) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`validate: needs ${missing.join(", ")}: apt-get install -y ${missing.join(" ")} (as root)`);
    process.exit(1);
  }
  console.error(`validate: installing ${missing.join(", ")} with apt`);
  // "No configuration": the package installs no system instance; the harness runs its own.
  execFileSync("sh", ["-c", "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections"]);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", ...missing], { stdio: "inherit", env });
}

const args = process.argv.slice(2);
const daemon = args[0] !== undefined && !args[0].startsWith("postfix-") ? args.shift() : undefined;
const chosen = CASES.filter((c) => (daemon === undefined || c.daemon === daemon) && (args.length === 0 || args.includes(c.name)));
if (chosen.length === 0) {
  console.error(`validate: no such case (cases: ${CASES.map((c) => c.name).join(", ")})`);
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  console.error("validate: run as root (the daemons are started as root and drop to their own users)");
  process.exit(1);
}
ensurePackages();
mkdirSync(OUT, { recursive: true });
const results = await Promise.all(chosen.map((c) => runCase(c, CASES.indexOf(c), (s) => console.error(s))));
for (const r of results) writeFileSync(join(OUT, `${r.name}.json`), JSON.stringify(r, null, 1) + "\n");
// The report covers every case on file, so running one case does not drop the others from it.
const all: CaseResult[] = readdirSync(OUT).filter((f) => f.endsWith(".json")).sort()
  .map((f) => JSON.parse(readFileSync(join(OUT, f), "utf8")) as CaseResult);
const md = report(all, CASES);
writeFileSync(join(ROOT, "docs/validation.md"), md);
console.log(md);
