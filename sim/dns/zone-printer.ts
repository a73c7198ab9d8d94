/**
 * Writes a zone back as BIND master-file text that {@link parseZone} reads into the
 * same records: `parseZone(printZone(z), { origin: z.origin })` equals `z`.
 *
 * Every record is written on its own line with owner, TTL and class spelled out, so
 * the text does not depend on inheritance rules; names below the origin are written
 * relative to it (`@`, `www`), others fully qualified with the final dot.
 */
import { absolute, relativeTo } from "./name";
import { RDATA, type RdataCodec } from "./rdata";
import type { Rr, RrType, Zone } from "./zone";

export function printZone(zone: Zone): string {
  // A relative name starting with "$" would read as a directive in column 1.
  const name = (n: string): string => {
    const r = relativeTo(n, zone.origin);
    return r.startsWith("$") ? absolute(n) : r;
  };
  const rows = zone.records.map((rr: Rr) => [
    name(rr.name),
    String(rr.ttl),
    rr.class,
    rr.type,
    (RDATA[rr.type] as RdataCodec<RrType>).print(rr.data, name),
  ]);
  const widths = [0, 0, 0, 0];
  for (const r of rows) for (let c = 0; c < 4; c++) widths[c] = Math.max(widths[c], r[c].length);
  const body = rows.map((r) => r.map((f, c) => (c < 4 ? f.padEnd(widths[c]) : f)).join(" ").trimEnd());
  return [`$ORIGIN ${absolute(zone.origin)}`, ...body, ""].join("\n");
}
