/** `npm run schema`: writes scenarios/scenario.schema.json from the zod definitions (sim/scenario/json-schema.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { scenarioJsonSchemaText } from "../sim/scenario/json-schema";

const file = join(import.meta.dirname, "../scenarios/scenario.schema.json");
writeFileSync(file, scenarioJsonSchemaText());
console.log(`wrote ${file}`);
