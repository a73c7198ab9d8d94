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
    `seed ${s.seed}  simulated ${formatDuration(s.simTime)}  ${s.events} events  ${s.wallMs} ms wall  fingerprint ${s.fingerprint}`,
  );
  lines.push("");
  const msgRows = [
    ["messages", "count"],
    ["injected", String(m.injected)],
    ["delivered", String(m.delivered)],
    ["bounced", String(m.bounced)],
    ["discarded", String(m.discarded)],
    ["rejected", String(m.rejected)],
    ...(m.failed > 0 ? [["failed (transfers)", String(m.failed)]] : []),
    ["queued at end", String(m.queued)],
    ...Object.entries(m.queuedAt).sort().map(([k, v]) => [`  ${k}`, String(v)]),
    ["lost", String(m.lost)],
  ];
  lines.push(table(msgRows));
  lines.push("");
  const linkRows = [["link", "bandwidth", "latency", "carried", "mean util"]];
  for (const [name, l] of Object.entries(s.links)) {
    linkRows.push([name, formatBandwidth(l.bandwidthBps), formatDuration(l.latencyS), formatSize(l.bytes), `${(100 * l.meanUtilisation).toFixed(1)}%`]);
  }
  lines.push(table(linkRows));
  return lines.join("\n");
}
