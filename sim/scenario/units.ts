/**
 * Fields read through a unit parser: quantities are written with units (`1.5Mbps`,
 * `20ms`, `10KB`, `2/min`) and converted to SI numbers here, at the edge: past the
 * schema every duration is in seconds, every bandwidth in bits/s and every size in
 * bytes. Every section's fields use these constructors, so there is one definition
 * of "a duration".
 */
import { z } from "zod";
import { parseBandwidth, parseDuration, parseSize, UnitError } from "../engine";
import { parseDistribution, parseRate, DISTRIBUTION_FORMS, type Distribution } from "./distributions";

/** A field read through a unit parser; failures become positioned issues with what was expected. */
function unitField<T>(parse: (v: unknown) => T, expected: string, description: string) {
  return z
    .union([z.string(), z.number()])
    .describe(description)
    .transform((v, ctx): T => {
      try {
        return parse(v);
      } catch (e) {
        const msg = e instanceof UnitError ? `cannot read ${JSON.stringify(v)}` : (e as Error).message;
        ctx.addIssue({ code: "custom", message: msg, params: { expected: e instanceof UnitError ? e.expected : expected } });
        return z.NEVER;
      }
    });
}

export const duration = (d = "a duration like 250ms, 300s, 30m, 4h, 5d") =>
  unitField(parseDuration, "a duration like 250ms, 300s, 30m, 4h, 5d", d);
export const bandwidth = (d = "a bandwidth like 64kbps, 1.5Mbps, 10Gbps") =>
  unitField(parseBandwidth, "a bandwidth like 64kbps, 1.5Mbps, 10Gbps", d);
export const rate = (d = "a rate like 2/min, 400/s") => unitField(parseRate, "a rate like 2/min, 400/s, 10/h", d);
export const size = (d = "a size like 10KB, 2MB") => unitField(parseSize, "a size like 512B, 10KB, 2MB, 1GiB", d);
export const sizeDistribution = (d = "a size or a size distribution") =>
  unitField<Distribution>((v) => parseDistribution(v, parseSize), DISTRIBUTION_FORMS + " with sizes like 10KB", d);
