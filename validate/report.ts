/**
 * `docs/validation.md`: each case's real and simulated observations side by side, and
 * whether they agree within the bounds the models are held to — every attempt, warning
 * and bounce within 1 s of the daemon's (plus the log's own 1 s resolution for attempts
 * only the log shows), connection counts within 5 %.
 */
import type { Case } from "./cases";
import type { CaseResult, Side } from "./run-case";

export const TIME_BOUND_S = 1;
export const COUNT_BOUND = 0.05;

const f = (x: number | undefined): string => (x === undefined ? "—" : x.toFixed(2));

/** Pairwise differences of two timelines (by rank), and the worst. */
function compare(real: number[], sim: number[], resolution: number): { worst: number; ok: boolean; rows: string[] } {
  const n = Math.max(real.length, sim.length);
  let worst = 0;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = real[i] !== undefined && sim[i] !== undefined ? sim[i] - real[i] : undefined;
    if (d !== undefined) worst = Math.max(worst, Math.abs(d));
    rows.push(`| ${i + 1} | ${f(real[i])} | ${f(sim[i])} | ${d === undefined ? "missing" : (d >= 0 ? "+" : "") + d.toFixed(2)} |`);
  }
  return { worst, ok: real.length === sim.length && worst <= TIME_BOUND_S + resolution, rows };
}

function countOk(real: number, sim: number): boolean {
  return real === 0 ? sim === 0 : Math.abs(sim - real) / real <= COUNT_BOUND;
}

type Series = keyof Side;
const SERIES: { key: Series; title: string; resolution: number }[] = [
  { key: "connections", title: "connection attempts to the relay host (real: SYNs on lo)", resolution: 0 },
  { key: "deferrals", title: "deferrals, connected or not (real: the log's status=deferred lines, whole seconds)", resolution: 1 },
  { key: "warnings", title: "delay warnings (real: DSN with Action: delayed at the sink)", resolution: 0 },
  { key: "bounces", title: "bounces (real: DSN with Action: failed at the sink)", resolution: 0 },
];

export function report(results: CaseResult[], cases: readonly Case[]): string {
  const out: string[] = [];
  out.push("# Held against the real daemons", "");
  out.push("Written by `npm run validate` (validate/): each case runs against the real daemon, a private instance on loopback");
  out.push("addresses only, and against mxsim with the MTA block imported from the very configuration the daemon ran.");
  out.push(`Bounds: every time within ${TIME_BOUND_S} s (plus the log's 1 s resolution where only the log shows it), counts within ${COUNT_BOUND * 100} %.`);
  out.push("Times are seconds after the first message was queued.", "");
  out.push("| case | daemon | connections real / mxsim | deferrals real / mxsim | worst time difference | within bounds |", "| --- | --- | --- | --- | --- | --- |");
  const sections: string[] = [];
  for (const r of results) {
    const c = cases.find((x) => x.name === r.name);
    let worst = 0;
    let ok = true;
    const detail: string[] = [];
    for (const s of SERIES) {
      const cmp = compare(r.real[s.key], r.sim[s.key], s.resolution);
      const counted = s.key === "connections" ? countOk(r.real[s.key].length, r.sim[s.key].length) : cmp.ok;
      worst = Math.max(worst, cmp.worst);
      ok &&= s.key === "connections" ? counted : cmp.ok;
      detail.push(`#### ${s.title}: ${r.real[s.key].length} real, ${r.sim[s.key].length} mxsim${counted ? "" : " — **differs**"}`, "");
      if (s.key !== "connections" || r.real[s.key].length + r.sim[s.key].length <= 40) {
        detail.push("| # | real | mxsim | mxsim − real |", "| --- | --- | --- | --- |", ...cmp.rows, "");
      } else detail.push(`real: ${r.real[s.key].map(f).join(", ")}`, "", `mxsim: ${r.sim[s.key].map(f).join(", ")}`, "");
    }
    out.push(`| ${r.name} | ${r.daemon} ${r.version} | ${r.real.connections.length} / ${r.sim.connections.length} | ${r.real.deferrals.length} / ${r.sim.deferrals.length} | ${worst.toFixed(2)} s | ${ok ? "yes" : "**no**"} |`);
    sections.push(`## ${r.name}`, "", `${c?.description ?? r.description}. ${r.daemon} ${r.version}; the queue manager started ${r.qmgrToFirst.toFixed(2)} s before the first message; messages queued at ${r.injections.map(f).join(", ")} s.`, "");
    sections.push("<details><summary>main.cf as run</summary>", "", "```", r.mainCf.trimEnd(), "```", "", "</details>", "", ...detail);
    if (r.real.dsns.length > 0) sections.push("<details><summary>first notice the sender received (real)</summary>", "", "```", r.real.dsns[0].text.trimEnd(), "```", "", "</details>", "");
  }
  return [...out, "", ...sections].join("\n") + "\n";
}
