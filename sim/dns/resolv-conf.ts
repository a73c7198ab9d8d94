/**
 * resolv.conf: how a host chooses its DNS servers (the tutorial's S7; split DNS is
 * nothing more than inside hosts listing inside servers).
 *
 * Semantics are glibc's resolv.conf(5): at most MAXNS = 3 `nameserver` lines are
 * used; `options timeout:n` (default RES_TIMEOUT 5 s, capped at 30), `attempts:n`
 * (default RES_DFLRETRY 2, capped at 5) and `rotate`; `search` / `domain` set the
 * search list (the last of them wins). Unknown options are ignored, as glibc does.
 */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  /** Seconds to wait for the first server in a round. */
  timeout: number;
  /** Rounds over the servers. */
  attempts: number;
  /** Start each lookup at the next server instead of the first. */
  rotate: boolean;
  ndots: number;
}

export const RES_TIMEOUT = 5;
export const RES_DFLRETRY = 2;
export const MAXNS = 3;
const RES_MAXRETRANS = 30;
const RES_MAXRETRY = 5;

export function defaultResolvConf(nameservers: string[] = []): ResolvConf {
  return { nameservers: nameservers.slice(0, MAXNS), search: [], timeout: RES_TIMEOUT, attempts: RES_DFLRETRY, rotate: false, ndots: 1 };
}

/** Read resolv.conf text. Lines it does not understand are skipped, as glibc skips them. */
export function parseResolvConf(text: string): ResolvConf {
  const conf = defaultResolvConf();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[;#].*$/, "").trim();
    if (line === "") continue;
    const [key, ...args] = line.split(/\s+/);
    if (key === "nameserver" && args[0] !== undefined) {
      if (conf.nameservers.length < MAXNS) conf.nameservers.push(args[0]);
    } else if (key === "search") {
      conf.search = args;
    } else if (key === "domain" && args[0] !== undefined) {
      conf.search = [args[0]];
    } else if (key === "options") {
      for (const opt of args) {
        const [name, value] = opt.split(":");
        const n = Number(value);
        if (name === "timeout" && Number.isInteger(n) && n >= 1) conf.timeout = Math.min(n, RES_MAXRETRANS);
        else if (name === "attempts" && Number.isInteger(n) && n >= 1) conf.attempts = Math.min(n, RES_MAXRETRY);
        else if (name === "ndots" && Number.isInteger(n) && n >= 0) conf.ndots = Math.min(n, 15);
        else if (name === "rotate") conf.rotate = true;
      }
    }
  }
  return conf;
}
