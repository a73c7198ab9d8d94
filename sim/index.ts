/**
 * mxsim's public API: what the CLI, the browser worker and other programs use.
 *
 *   import { loadScenario, run } from "mxsim";
 *   const s = loadScenario(yamlText, "my.yaml");
 *   const { summary } = run(s, { seed: 7 });
 *   console.log(summary.messages.delivered, summary.fingerprint);
 *
 * Runs unchanged in Node and in a browser Worker.
 */
export { loadScenario, type Scenario } from "./scenario/load";
export { ScenarioError, describeProblem, escapeControls, formatProblem, type Problem } from "./scenario/errors";
export { decodeScenario } from "./scenario/utf8";
export { buildSimulation, type Simulation } from "./scenario/simulation";
export { run, runSimulation, Run, type RunOptions, type RunOutput } from "./observe/run";
export { gaugesOf, busierUtilisation, type SimGauges, type LinkGauge } from "./observe/gauges";
export type { Gauge } from "./engine";
export type { MtaGauge, MtaReading, MtaCounts, QueueLength } from "./mta";
export type { LinkStatsReading } from "./net";
export type { Message } from "./smtp";
export type { Summary, MessageCounts, LinkSummary } from "./observe/summary";
export { Fingerprint, fingerprintBus } from "./observe/fingerprint";
export { Counters, Histogram, TimeSeries } from "./observe/metrics";
export { RunawayError, type TraceEvent, type TraceOf, type TraceType } from "./engine";
export { scenario as scenarioSchema } from "./scenario/schema";
export { inspectMessage, explainDns, type InspectedMessage, type StubResolver, type StubResult, type Resolver, type AuthServer } from "./dns";
export { capturePcap, PcapCapture, PCAP_EPOCH } from "./observe/pcap";
export type { SimDns } from "./scenario/sim-dns";
export {
  SWEEP_CHARTS_FORMAT, SWEEP_CHART_BOX, formatSweepValue, parseSweepCharts, sweepChartGeometry,
  type SweepChartData, type SweepChartsFile, type SweepChartGeometry, type SweepConfigGeometry,
} from "./observe/sweep-charts";
