/** `node --import tsx scripts/sweep-schema.ts`: writes scenarios/sweeps/sweep.schema.json from the zod definition (sim/cli/sweep/spec.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sweepJsonSchemaText } from "../sim/cli/sweep/spec";

const file = join(import.meta.dirname, "../scenarios/sweeps/sweep.schema.json");
writeFileSync(file, sweepJsonSchemaText());
console.log(`wrote ${file}`);
