/** The human summary table printed by `mxsim run`. */
import { formatBandwidth, formatDuration, formatSize } from "../engine";
import type { Summary } from "../observe/summary";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "))
    .join("\n");
}

export function formatSummary(s: Summary): string {
  const m = s.messages;
  const lines: string[] = [];
  lines.push(`${s.scenario}  (${s.file})`);
  lines.push(
    `seed ${s.seed}  simulated ${formatDuration(s.simTime)}  ${s.events} events  ${s.wallMs} ms wall  fingerprint ${s.fingerprint ?? "not computed"}`,
  );
  lines.push("");
  const msgRows = [
    ["messages", "count"],
    ["injected", String(m.injected)],
    ["delivered", String(m.delivered)],
    ["bounced", String(m.bounced)],
    ["discarded", String(m.discarded)],
    ["rejected", String(m.rejected)],
    ...(m.expanded > 0 ? [["expanded (alias/list)", String(m.expanded)]] : []),
    ...(m.failed > 0 ? [["failed (transfers)", String(m.failed)]] : []),
    ["queued at end", String(m.queued)],
    ...Object.entries(m.queuedAt).sort().map(([k, v]) => [`  ${k}`, String(v)]),
    ["lost", String(m.lost)],
  ];
  lines.push(table(msgRows));
  lines.push("");
  const linkRows = [["link", "bandwidth", "latency", "carried", "mean util (busier way)"]];
  for (const [name, l] of Object.entries(s.links)) {
    if (l.bytes === 0 && name.includes(".")) continue; // the synthesised root/TLD links carry no bulk data
    linkRows.push([name, formatBandwidth(l.bandwidthBps), formatDuration(l.latencyS), formatSize(l.bytes), `${(100 * l.meanUtilisation).toFixed(1)}%`]);
  }
  lines.push(table(linkRows));
  const mtas = Object.entries(s.mtas);
  if (mtas.length > 0) {
    lines.push("");
    const rows = [["mta", "profile", "accepted", "mailbox", "relayed", "deferred", "bounced", "DSNs", "fallback", "peak queue", "queued"]];
    for (const [host, m] of mtas) {
      rows.push([host, m.profile, String(m.accepted), String(m.delivered), String(m.relayed), String(m.deferred), String(m.bounced),
        String(m.notices), String(m.fallback), String(m.peakQueue), String(m.queuedAtEnd)]);
    }
    lines.push(table(rows));
  }
  const resolvers = Object.entries(s.resolvers);
  if (resolvers.length > 0) {
    lines.push("");
    const rows = [["resolver", "lookups", "cache hits", "queries sent", "timeouts", "SERVFAIL"]];
    for (const [host, r] of resolvers) rows.push([host, String(r.lookups), String(r.cacheHits), String(r.queriesSent), String(r.timeouts), String(r.servfails)]);
    lines.push(table(rows));
  }
  if (s.latency.count > 0) {
    const l = s.latency;
    lines.push("", `delivery latency (submission to mailbox, ${l.count} recipients): mean ${formatDuration(l.mean)}  p50 ${formatDuration(l.p50)}  p90 ${formatDuration(l.p90)}  p99 ${formatDuration(l.p99)}  max ${formatDuration(l.max)}`);
  }
  return lines.join("\n");
}
