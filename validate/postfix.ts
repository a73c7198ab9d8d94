/**
 * A private Postfix instance (Debian's package) on loopback: its own config directory,
 * queue and log under one folder, started with `postfix -c DIR start` and stopped with
 * `postfix -c DIR stop`, never touching the system's instance. Services run unchrooted,
 * listening only on the loopback address and port given; relayhost and transports name
 * loopback addresses only, and DNS is off (`smtp_dns_support_level = disabled`).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loopbackOnly } from "./loopback";

/**
 * Debian's master.cf services the cases use, unchrooted (chroot "n"): qmgr with the
 * stock 300 s wakeup (master.cf(5)), postlogd so the log goes to `maillog_file`.
 */
const MASTER_CF = (listen: string): string => `# service type private unpriv chroot wakeup maxproc command
${listen} inet n - n - - smtpd
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

/** The settings every instance shares: where it lives, and that it talks to loopback only. */
export function baseMainCf(dir: string, hostname: string): Record<string, string> {
  return {
    compatibility_level: "3.6",
    queue_directory: join(dir, "spool"),
    data_directory: join(dir, "data"),
    mail_owner: "postfix",
    setgid_group: "postdrop",
    myhostname: hostname,
    mydestination: "",
    inet_interfaces: "loopback-only",
    inet_protocols: "ipv4",
    mynetworks: "127.0.0.0/8",
    smtp_dns_support_level: "disabled",
    smtpd_relay_restrictions: "permit_mynetworks, reject",
    maillog_file: join(dir, "maillog"),
    maillog_file_prefixes: dir,
    biff: "no",
  };
}

export interface PostfixInstance {
  readonly dir: string;
  readonly mainCf: string;
  /** Epoch seconds at which the queue manager process started (its scan timer's origin). */
  readonly qmgrStart: number;
  readonly version: string;
  log(): string;
  stop(): void;
}

/** Process start time of `pid` in epoch seconds (10 ms resolution), from /proc. */
function processStart(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const btime = Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]);
  return btime + startTicks / 100;
}

/** The pid of the qmgr process whose command line names this instance's config directory's master. */
function qmgrPid(dir: string): number | undefined {
  const masterPid = Number(readFileSync(join(dir, "spool/pid/master.pid"), "utf8").trim());
  for (const p of readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === masterPid && readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith("qmgr")) return Number(p);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

export async function startPostfix(dir: string, params: Record<string, string>, listen: { addr: string; port: number }): Promise<PostfixInstance> {
  // The daemons drop to the postfix user, which must be able to reach the data and queue directories.
  chmodSync(dir, 0o755);
  for (const d of ["etc", "spool", "data"]) mkdirSync(join(dir, d), { recursive: true });
  const uid = Number(execFileSync("id", ["-u", "postfix"], { encoding: "utf8" }));
  chownSync(join(dir, "data"), uid, 0);
  const mainCf = Object.entries(params).map(([k, v]) => `${k} = ${v}`).join("\n") + "\n";
  writeFileSync(join(dir, "etc/main.cf"), mainCf);
  writeFileSync(join(dir, "etc/master.cf"), MASTER_CF(`${loopbackOnly(listen.addr)}:${listen.port}`));
  const etc = join(dir, "etc");
  execFileSync("postfix", ["-c", etc, "start"], { stdio: "ignore" });
  let pid: number | undefined;
  for (let i = 0; i < 100 && pid === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      pid = qmgrPid(dir);
    } catch {
      // master.pid not written yet
    }
  }
  if (pid === undefined) throw new Error(`validate: postfix in ${dir} started no qmgr; log:\n${readFileSync(join(dir, "maillog"), "utf8")}`);
  return {
    dir,
    mainCf,
    qmgrStart: processStart(pid),
    version: execFileSync("postconf", ["-c", etc, "-h", "mail_version"], { encoding: "utf8" }).trim(),
    log: () => readFileSync(join(dir, "maillog"), "utf8"),
    stop: () => execFileSync("postfix", ["-c", etc, "stop"], { stdio: "ignore" }),
  };
}
