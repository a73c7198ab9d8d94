/**
 * The sweep's output folder, and what makes a sweep resumable.
 *
 *   OUT/sweep.json                 what was swept: configurations, their settings, seeds, baseline
 *   OUT/configs/<config>.yaml      each configuration's full scenario (`mxsim run` it to reproduce a run)
 *   OUT/runs/<config>--r<k>--<key>.json   one finished run (RunRecord), written atomically
 *   OUT/results.csv, summary.csv, report.txt, charts/*.svg, charts.json   the reports (report.ts, charts.ts)
 *
 * A run's file is written the moment it finishes, under a temporary name renamed
 * into place, so a sweep killed at any instant leaves only complete run files. On
 * the next start, a run whose key (the hash of its scenario text, seed and until)
 * already has a file is not run again; a changed sweep or base scenario changes the
 * keys of the runs it affects, and only those run again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RunRecord } from "./run-task";

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "config";
}

export class SweepStore {
  readonly runsDir: string;

  constructor(readonly dir: string) {
    this.runsDir = join(dir, "runs");
    mkdirSync(this.runsDir, { recursive: true });
    mkdirSync(join(dir, "configs"), { recursive: true });
  }

  /** The finished runs found in the folder, by key (files that do not parse are ignored and rerun). */
  finished(): Map<string, RunRecord> {
    const out = new Map<string, RunRecord>();
    for (const f of readdirSync(this.runsDir)) {
      if (!f.endsWith(".json") || f.startsWith(".")) continue;
      try {
        const r = JSON.parse(readFileSync(join(this.runsDir, f), "utf8")) as RunRecord;
        if (typeof r.key === "string" && f.endsWith(`--${r.key}.json`)) out.set(r.key, r);
      } catch {
        // a damaged file: the run is simply done again
      }
    }
    return out;
  }

  runFile(r: { config: string; replication: number; key: string }): string {
    return join(this.runsDir, `${slug(r.config)}--r${r.replication}--${r.key}.json`);
  }

  saveRun(r: RunRecord): void {
    this.writeAtomic(this.runFile(r), JSON.stringify(r) + "\n");
  }

  /** Write a report file (relative to the folder) atomically. */
  write(rel: string, text: string): void {
    mkdirSync(dirname(join(this.dir, rel)), { recursive: true });
    this.writeAtomic(join(this.dir, rel), text);
  }

  has(rel: string): boolean {
    return existsSync(join(this.dir, rel));
  }

  private writeAtomic(file: string, text: string): void {
    const tmp = join(this.runsDir, `.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`);
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
}
