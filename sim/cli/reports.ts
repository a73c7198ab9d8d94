/**
 * The files `mxsim run --out DIR` writes besides summary.json and timeseries.csv:
 *
 *   messages.csv     one row per message (message-log.ts)
 *   events.jsonl     with --trace: every trace event, one JSON object per line
 *   queues.svg, utilisation.svg   with --svg: charts drawn with d3 (svg-charts.ts)
 *
 * Observers are attached before the run starts (they must see every event) and
 * write after it ends; events.jsonl is streamed in 1 MB chunks, so a long run's
 * trace never sits in memory.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { MessageLog, messagesCsv } from "../observe/message-log";
import type { TimeSeries } from "../observe/metrics";
import { chartSvg, queueChart, utilisationChart } from "../observe/svg-charts";
import type { Simulation } from "../scenario/simulation";

export interface ReportOptions {
  out?: string;
  trace?: boolean;
  svg?: boolean;
}

export interface Reports {
  /** Write the files (call after the run). */
  write(ts: TimeSeries): string[];
}

export function attachReports(sim: Simulation, o: ReportOptions): Reports {
  const out = o.out;
  if (out === undefined) return { write: () => [] };
  mkdirSync(out, { recursive: true });
  const log = new MessageLog(sim.bus);
  let fd = -1;
  let buf: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (buf.length > 0) writeSync(fd, buf.join(""));
    buf = [];
    size = 0;
  };
  if (o.trace === true) {
    fd = openSync(join(out, "events.jsonl"), "w");
    sim.bus.subscribe((e) => {
      const line = JSON.stringify(e) + "\n";
      buf.push(line);
      size += line.length;
      if (size > 1 << 20) flush();
    });
  }
  return {
    write(ts: TimeSeries): string[] {
      const files = ["messages.csv"];
      writeFileSync(join(out, "messages.csv"), messagesCsv(log.rows(sim.ledger)));
      if (fd >= 0) {
        flush();
        closeSync(fd);
        files.push("events.jsonl");
      }
      if (o.svg === true) {
        writeFileSync(join(out, "queues.svg"), chartSvg(queueChart(ts, `${sim.scenario.name}: queue length per MTA`)));
        writeFileSync(join(out, "utilisation.svg"), chartSvg(utilisationChart(ts, `${sim.scenario.name}: link utilisation`)));
        files.push("queues.svg", "utilisation.svg");
      }
      return files;
    },
  };
}
