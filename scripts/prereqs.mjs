#!/usr/bin/env node
/**
 * The system programs `npm test` needs beyond npm's packages, checked before anything runs.
 *
 * Each entry names the program a test runs, the Debian package that provides it and the
 * tests that need it. On Debian as root the missing ones are installed with apt (saying
 * so); otherwise the script stops at once, printing the exact command to run. Plain
 * JavaScript, no dependencies: it runs before TypeScript is checked.
 *
 *   node scripts/prereqs.mjs test    what `npm test` needs
 *   node scripts/prereqs.mjs peers   what `npm run bench -- --peers` installs (SimPy, SimGrid)
 *   node scripts/prereqs.mjs --check NAME...   exit 0 when every named set is present, print nothing
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Is `name` an executable on PATH (or an absolute path that is executable)? */
function onPath(name) {
  const candidates = name.includes("/") ? [name] : (process.env.PATH ?? "").split(delimiter).map((d) => join(d, name));
  return candidates.some((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Does Debian's own python3 (not a pyenv or venv one) import `module`? */
function debianPython(module) {
  if (!existsSync("/usr/bin/python3")) return false;
  return spawnSync("/usr/bin/python3", ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;
}

/** Is a Debian package installed (for data-only packages such as fonts)? */
function dpkgInstalled(pkg) {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/** The prerequisite sets: what is present, which package provides it, and who needs it. */
const SETS = {
  test: [
    { what: "chromium", present: () => onPath(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"), pkg: "chromium",
      for: "the browser end-to-end suite (test/e2e, driven by playwright-core, which downloads no browser)" },
    { what: "a Japanese font", present: () => dpkgInstalled("fonts-ipafont-gothic"), pkg: "fonts-ipafont-gothic",
      for: "legible Japanese text in the e2e screenshots" },
    { what: "tshark", present: () => onPath("tshark"), pkg: "tshark",
      for: "decoding the simulator's pcap output (test/observe/pcap.test.ts)" },
    { what: "redis-server", present: () => onPath("redis-server"), pkg: "redis-server",
      for: "the BullMQ sweep test, which starts its own server on a free loopback port (test/sweep/queue.test.ts)" },
    { what: "SimGrid (Debian's python3)", present: () => debianPython("simgrid"), pkg: "python3-simgrid",
      for: "holding the flow model against SimGrid's, flow by flow (test/net/simgrid-agreement.test.ts)" },
    { what: "Postfix", present: () => onPath("postconf") && onPath("postfix"), pkg: "postfix",
      for: "the real-daemon harness's smoke case (test/validate/postfix-smoke.test.ts; the package installs no system instance)",
      // Debian's postfix asks what kind of system instance to set up: none, the harness runs its own.
      preseed: "postfix postfix/main_mailer_type select No configuration" },
  ],
  peers: [
    { what: "SimPy (Debian's python3)", present: () => debianPython("simpy"), pkg: "python3-simpy3",
      for: "the bench's SimPy peers (bench/peers/*.py)" },
    { what: "SimGrid (Debian's python3)", present: () => debianPython("simgrid"), pkg: "python3-simgrid",
      for: "the bench's SimGrid peers (bench/peers/*.py)" },
  ],
};

function missing(setNames) {
  return setNames.flatMap((s) => SETS[s]).filter((p) => !p.present());
}

function isDebian() {
  return existsSync("/etc/debian_version") && onPath("apt-get");
}

function apt(args) {
  execFileSync("apt-get", args, { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

const argv = process.argv.slice(2);
const checkOnly = argv[0] === "--check";
const setNames = (checkOnly ? argv.slice(1) : argv).filter((a) => a in SETS);
if (setNames.length === 0) {
  console.error(`usage: node scripts/prereqs.mjs [--check] ${Object.keys(SETS).join("|")} ...`);
  process.exit(2);
}
const absent = missing(setNames);
if (checkOnly) process.exit(absent.length === 0 ? 0 : 1);
if (absent.length === 0) process.exit(0);

const pkgs = [...new Set(absent.map((p) => p.pkg))];
const command = `apt-get install -y ${pkgs.join(" ")}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isDebian() || !isRoot) {
  console.error("mxsim: system programs missing:");
  for (const p of absent) console.error(`  ${p.what} (Debian package ${p.pkg}), for ${p.for}`);
  console.error(isDebian() ? `Install them with:\n  sudo apt-get update && sudo ${command}` : `Install the equivalents of: ${pkgs.join(", ")}`);
  process.exit(1);
}
console.error(`mxsim: installing with apt (root on Debian): ${pkgs.join(", ")}`);
for (const p of absent) console.error(`  ${p.what}, for ${p.for}`);
try {
  const preseed = absent.map((p) => p.preseed).filter((x) => x !== undefined);
  if (preseed.length > 0) execFileSync("debconf-set-selections", { input: preseed.join("\n") + "\n", stdio: ["pipe", "inherit", "inherit"] });
  apt(["update"]);
  apt(["install", "-y", ...pkgs]);
} catch {
  console.error(`mxsim: apt could not install them; run:\n  apt-get update && ${command}`);
  process.exit(1);
}
const still = missing(setNames);
if (still.length > 0) {
  console.error(`mxsim: still missing after apt: ${still.map((p) => p.what).join(", ")}`);
  process.exit(1);
}
