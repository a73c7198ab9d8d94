import { loadScenario, ScenarioError } from "../../sim";

/** The problem lines a scenario text is refused with (fails the test if it loads). */
export function problems(text: string): string[] {
  try {
    loadScenario(text, "s.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.message.split("\n");
    throw e;
  }
  throw new Error("expected a ScenarioError");
}
