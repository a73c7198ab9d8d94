/**
 * `mxsim explain <scenario> --message ID [--seed N] [--until DURATION]`: run the
 * scenario and print one message's story hop by hop (observe/explain-message.ts).
 */
import type { Scenario } from "../scenario/load";
import { runSimulation } from "../observe/run";
import { MessageStory } from "../observe/explain-message";
import { buildSimulation } from "../scenario/simulation";

export function explainRun(scenario: Scenario, id: string, opts: { seed?: number | string; until?: number }): string[] {
  const sim = buildSimulation(scenario, { seed: opts.seed });
  const story = new MessageStory(sim, id);
  runSimulation(sim, { seed: opts.seed, until: opts.until });
  return [`${scenario.name}: message ${id} (seed ${sim.seed})`, ...story.text()];
}
