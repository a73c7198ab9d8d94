/**
 * The sweep results view-model: a sweep's `charts.json` (written by `mxsim sweep`)
 * turned into what the page draws, in the chosen language.
 *
 * The geometry — y scale and ticks, one band per configuration with its mean bar,
 * 95 % CI whisker and a dot per replication — is sim/observe/sweep-charts.ts's
 * `sweepChartGeometry`, the same function the CLI's SVG files are drawn from, so
 * the page shows the very same charts. This file adds only the words: the metric's
 * name and unit in English or Japanese, the header (configurations × replications,
 * baseline) and the link bandwidths every chart must state (S13).
 *
 * The page loads this module lazily (with the sweep view), so the simulator's
 * modules are not fetched for the first paint.
 */
import { parseSweepCharts, sweepChartGeometry, type SweepChartData, type SweepChartGeometry, type SweepChartsFile } from "../../sim/index";
import { isKey, t, type Lang } from "../i18n";

export interface SweepChartView {
  column: string;
  /** "recipients delivered (recipients)", "配送遅延の中央値 (分)"… */
  title: string;
  /** The links this chart's runs had (S13). */
  links: string;
  legend: string;
  geometry: SweepChartGeometry;
  /** Per configuration, in the geometry's order: the x-axis label and the mean written out. */
  labels: { name: string; value: string; links: string }[];
}

export interface SweepView {
  name: string;
  header: string;
  /** One line naming every link's bandwidth, or one per configuration when they differ. */
  links: string[];
  charts: SweepChartView[];
}

/** `peakQueue[relay]` → family `peakQueue`, subject `relay`. */
function splitColumn(column: string): { family: string; subject?: string } {
  const m = /^(\w+)(?:\[(.*)\])?$/.exec(column);
  return m ? { family: m[1], subject: m[2] } : { family: column };
}

function metricTitle(c: SweepChartData, axisUnit: string, lang: Lang): string {
  const { family, subject } = splitColumn(c.column);
  const mk = `sweep.m.${family}`;
  const name = isKey(mk) ? t(lang, mk) + (subject !== undefined ? `, ${subject}` : "") : c.title;
  if (!axisUnit || axisUnit === "fraction") return name;
  const uk = `sweep.u.${axisUnit}`;
  return `${name} (${isKey(uk) ? t(lang, uk) : axisUnit})`;
}

export function sweepView(file: SweepChartsFile, lang: Lang): SweepView {
  const perConfig = file.charts.find((c) => c.links === "per configuration");
  const links = perConfig
    ? perConfig.configs.map((k) => `${k.name}: ${k.links}`)
    : [file.charts[0]?.links ?? ""];
  const configs = file.charts[0]?.configs.length ?? 0;
  return {
    name: file.name,
    header: t(lang, "sweep.head", { name: file.name, configs, reps: file.seeds.length, baseline: file.baseline }),
    links: links.map((l) => t(lang, "sweep.links", { links: l })),
    charts: file.charts.map((c): SweepChartView => {
      const g = sweepChartGeometry(c);
      return {
        column: c.column,
        title: metricTitle(c, g.axisUnit, lang),
        links: t(lang, "sweep.links", { links: c.links === "per configuration" ? t(lang, "sweep.perConfig") : c.links }),
        legend: t(lang, "sweep.legend", { n: g.n }),
        geometry: g,
        labels: g.configs.map((k) => ({
          name: k.baseline ? `${k.name} ${t(lang, "sweep.baseline")}` : k.name,
          value: k.mean === null ? t(lang, "sweep.noValue") : k.mean.label,
          links: c.links === "per configuration" ? k.links : "",
        })),
      };
    }),
  };
}

/** Parse the text of a charts.json (throws with a readable reason when it is not one). */
export function readSweepCharts(text: string): SweepChartsFile {
  return parseSweepCharts(JSON.parse(text));
}

/**
 * The charts.json among files the user picked: a folder (`webkitRelativePath`
 * `results/charts.json`, the shallowest wins) or the file itself.
 */
export function findChartsJson<F extends { name: string; webkitRelativePath?: string }>(files: readonly F[]): F | undefined {
  const depth = (f: F): number => (f.webkitRelativePath || f.name).split("/").length;
  return files.filter((f) => f.name === "charts.json" || (f.name.endsWith(".json") && files.length === 1))
    .sort((a, b) => depth(a) - depth(b))[0];
}
