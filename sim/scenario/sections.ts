/**
 * The table of sections. Order is data: the builder deploys the sections in this
 * order (the network before the DNS that runs on it; the directories before the
 * MTAs that ask them; the MTAs before the workloads that submit to them), the
 * loader runs their checks in this order, and schema.ts merges their fields in the
 * same order (its FORMATS, held equal to this table by a test).
 */
import { addressingSection } from "./addressing-section";
import { defenceSection } from "./defence-section";
import { dnsSection } from "./dns-section";
import { mailSection } from "./mail-section";
import { netSection } from "./net-section";
import type { FaultKind, Section } from "./section";
import { trafficSection } from "./traffic-section";

export const SECTIONS: readonly Section[] = [netSection, dnsSection, addressingSection, defenceSection, mailSection, trafficSection];

/** Every section's fault kinds, in table order. */
export const FAULT_KINDS: readonly FaultKind[] = SECTIONS.flatMap((s) => s.faults ?? []);
