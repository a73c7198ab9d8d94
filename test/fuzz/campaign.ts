/**
 * A fuzz campaign: mutants of every bundled scenario, round-robin, each classified
 * (classify.ts), until a count or a wall-time budget is reached. Defects are grouped by
 * the first line of their reason, each with the smallest reproducer seen (the mutant's
 * YAML, and how to regenerate it: scenario, seed, index).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { classify, type Caps, type Outcome } from "./classify";
import { mutant } from "./mutate";

export const SCENARIOS = join(import.meta.dirname, "../../scenarios");

export interface Defect {
  why: string;
  count: number;
  /** The shortest mutant text that showed it, and how to make it again. */
  smallest: { scenario: string; index: number; steps: string[]; text: string };
}

export interface CampaignResult {
  cases: number;
  counts: Record<Outcome["kind"], number>;
  defects: Defect[];
}

/** The bundled scenarios the campaign mutates (isp-day only at its own small scale: it is a million messages). */
export function corpus(): { name: string; text: string }[] {
  return readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml")).sort().map((f) => ({ name: f.replace(/\.yaml$/, ""), text: readFileSync(join(SCENARIOS, f), "utf8") }));
}

/** What class of defect a reason is: its text with numbers and quoted names folded, so one bug counts once. */
const kindOf = (why: string): string => why.split("\n")[0].replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, "N").slice(0, 160);

export function campaign(o: { seed: number; cases?: number; seconds?: number; from?: number; caps: Caps; onStart?: (i: number, scenario: string) => void; onCase?: (i: number, out: Outcome) => void }): CampaignResult {
  const texts = corpus();
  const counts: Record<Outcome["kind"], number> = { invalid: 0, ran: 0, stopped: 0, defect: 0 };
  const defects = new Map<string, Defect>();
  const t0 = performance.now();
  let i = o.from ?? 0;
  for (; (o.cases === undefined || i < (o.from ?? 0) + o.cases) && (o.seconds === undefined || performance.now() - t0 < o.seconds * 1000); i++) {
    const base = texts[i % texts.length];
    o.onStart?.(i, base.name);
    const m = mutant(base.text, o.seed, i);
    // A mutant keeps its scenario's name in the file name, so a position reads as "retry-storm~12.yaml:40:7".
    const out = classify(m.text, `${base.name}~${i}.yaml`, o.caps);
    counts[out.kind]++;
    o.onCase?.(i, out);
    if (out.kind !== "defect") continue;
    const k = kindOf(out.why);
    const d = defects.get(k);
    const smallest = { scenario: base.name, index: i, steps: m.steps, text: m.text };
    if (d === undefined) defects.set(k, { why: out.why, count: 1, smallest });
    else {
      d.count++;
      if (m.text.length < d.smallest.text.length) d.smallest = smallest;
    }
  }
  return { cases: i, counts, defects: [...defects.values()].sort((a, b) => b.count - a.count) };
}
