/**
 * One case against the real daemon: a private instance on loopback, the capture and the
 * sink around it, messages injected on the case's schedule; then the same case in mxsim.
 * Returns both sides' observations, times in seconds after the first injection.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "../scripts/loopback-server";
import type { Case } from "./cases";
import { attempts, captureSyns, epoch, inject, smtpSink, type Syn } from "./loopback";
import { parsePostfixLog } from "./postfix-log";
import { baseMainCf, startPostfix, type PostfixInstance } from "./postfix";
import { simulate, type Observed } from "./simulate";

export interface Side {
  /** Connection attempts to the relay host (SYNs; mxsim: tcp.connect). */
  connections: number[];
  /** Every attempt's outcome per message, connected or not (log status lines; mxsim: mta.deferred). */
  deferrals: number[];
  warnings: number[];
  bounces: number[];
}

export interface CaseResult {
  name: string;
  description: string;
  daemon: string;
  version: string;
  mainCf: string;
  /** Seconds from the queue manager's start to the first injection. */
  qmgrToFirst: number;
  injections: number[];
  real: Side & { dsns: { at: number; from: string; text: string }[]; log: { at: number; status: string; service: string; why: string }[] };
  sim: Side & { notes: string[] };
}

const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

/**
 * Loopback addresses of case number `i` in this process: the daemon's relay host and the sink
 * where notices go, in a /16 of 127.0.0.0/8 chosen by the process id, so that runs in parallel
 * (a test suite beside `npm run validate`) never share an address; the daemon listens on a free port.
 */
async function addresses(i: number): Promise<{ listen: { addr: string; port: number }; relay: string; sink: string }> {
  const net = `127.${1 + (process.pid % 250)}.${i}`;
  return { listen: { addr: "127.0.0.1", port: await freeLoopbackPort() }, relay: `${net}.20`, sink: `${net}.40` };
}

export async function runCase(c: Case, index: number, log: (s: string) => void): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), `mxsim-validate-${c.name}-`));
  const a = await addresses(index);
  const params = {
    ...baseMainCf(dir, "mx.validate.test"),
    relayhost: `[${a.relay}]:2526`,
    transport_maps: `inline:{ sink.test=smtp:[${a.sink}]:2527 }`,
    ...c.settings,
  };
  const sink = await smtpSink(a.sink, 2527);
  const cap = await captureSyns([{ addr: a.relay, port: 2526 }]);
  let pf: PostfixInstance | undefined;
  const injected: number[] = [];
  let syns: Syn[] = [];
  try {
    pf = await startPostfix(dir, params, a.listen);
    log(`${c.name}: postfix ${pf.version} in ${dir}, qmgr started ${(epoch() - pf.qmgrStart).toFixed(2)} s ago`);
    const t0 = epoch();
    let k = 0;
    for (const s of c.injections) {
      const wait = t0 + s - epoch();
      if (wait > 0) await sleep(wait);
      injected.push((await inject(a.listen.addr, a.listen.port, { from: "sender@sink.test", to: "rcpt@dest.test", subject: `${c.name} ${k++}` })).at);
    }
    // Watch until every message has bounced (the sink has a failure notice for each), or the case's time is up.
    const bounced = (): number => sink.received.filter((m) => m.from === "" && /Action: failed/i.test(m.data)).length;
    while (epoch() - injected[0] < c.watch && bounced() < c.injections.length) await sleep(1);
    await sleep(2);
  } finally {
    pf?.stop();
    syns = attempts(await cap.stop());
    await sink.close();
  }
  const first = injected[0];
  const year = new Date(first * 1000).getUTCFullYear();
  const logged = parsePostfixLog(pf.log(), year).filter((l) => l.service !== "local");
  const rel = (t: number): number => t - first;
  const real = {
    connections: syns.map((s) => rel(s.at)),
    deferrals: logged.filter((l) => l.status === "deferred").map((l) => rel(l.at)),
    warnings: sink.received.filter((m) => m.from === "" && /Action: delayed/i.test(m.data)).map((m) => rel(m.at)),
    bounces: sink.received.filter((m) => m.from === "" && /Action: failed/i.test(m.data)).map((m) => rel(m.at)),
    dsns: sink.received.filter((m) => m.from === "").map((m) => ({ at: rel(m.at), from: m.from, text: m.data })),
    log: logged.map((l) => ({ at: rel(l.at), status: l.status, service: l.service, why: l.why })),
  };
  const offsets = { qmgrToFirst: first - pf.qmgrStart, injections: injected.map(rel) };
  const o: Observed = simulate(c, pf.mainCf, { relay: a.relay, sink: a.sink }, offsets);
  return {
    name: c.name, description: c.description, daemon: c.daemon, version: pf.version, mainCf: pf.mainCf,
    qmgrToFirst: offsets.qmgrToFirst, injections: offsets.injections, real,
    sim: { connections: o.attempts, deferrals: o.deferrals, warnings: o.warnings, bounces: o.bounces, notes: o.notes },
  };
}
