/**
 * What a section of the scenario format contributes to the schema: fields of a
 * host, fields at the top level, workload kinds under `traffic:` and fields of a
 * fault. schema.ts merges the formats of every section in table order; the
 * section's behaviour (check, deploy, fault kinds) is in its `*-section.ts`, typed
 * against the merged schema.
 */
import type { z } from "zod";

export interface SectionFormat {
  readonly hostFields: z.ZodRawShape;
  readonly topLevelFields: z.ZodRawShape;
  /** Members of the `traffic:` union, each with a literal `kind`. */
  readonly traffic: readonly z.ZodObject[];
  readonly faultFields: z.ZodRawShape;
}
