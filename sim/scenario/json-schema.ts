/**
 * The scenario format as a JSON Schema (draft 2020-12), generated from the very zod
 * definitions the loader validates with (schema.ts), so an editor's autocompletion
 * and the loader never disagree. `npm run schema` writes it to
 * `scenarios/scenario.schema.json`; a test checks the committed file is current.
 *
 * The schema describes what a user *writes* (zod's `io: "input"`): durations,
 * bandwidths and sizes are strings with units (or plain numbers), before the
 * loader converts them to SI numbers. Constraints zod cannot express in JSON
 * Schema (the unit grammars, cross-references between sections) are checked by
 * the loader only; their descriptions say what is expected.
 */
import { z } from "zod";
import { scenario } from "./schema";

export const SCHEMA_ID = "https://mxsim.example/scenario.schema.json";

/** The JSON Schema object. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const body = z.toJSONSchema(scenario, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return { ...body, $id: SCHEMA_ID, title: "mxsim scenario", description: "A scenario for mxsim, the mail delivery simulator (see scenarios/README.md)." };
}

/** The schema file's exact text (2-space JSON with a final newline). */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
}
