/**
 * The two records the scenario layer hands on: a loaded {@link Scenario} (the
 * validated format, quantities in SI units) and a runnable {@link Simulation}.
 *
 * The Simulation is a plain record of its parts (SimGrid's "user-facing API" layer
 * in miniature): observers subscribe to `bus`, the CLI and the browser call
 * `kernel.run` / `kernel.step`, and nothing here prints. This module imports no
 * section, so every section can be typed against it.
 */
import type { Kernel, Ledger, RandomStreams, TraceBus } from "../engine";
import type { DirectoryServer, MailAccessServer, Mta } from "../mta";
import type { Network } from "../net";
import type { SmtpListeners } from "../smtp";
import type { TransferRecord } from "../traffic/transfers";
import type { Problem } from "./errors";
import type { ScenarioSpec } from "./schema";
import type { SimDns } from "./sim-dns";

export interface Scenario extends ScenarioSpec {
  /** The file the scenario came from (for messages). */
  file: string;
  /** Link names, in the order of `links` ("a--b" unless named). */
  linkNames: string[];
  /** Non-fatal problems (e.g. an unused host). */
  warnings: Problem[];
}

export interface Simulation {
  scenario: Scenario;
  seed: number | string;
  kernel: Kernel;
  bus: TraceBus;
  rng: RandomStreams;
  net: Network;
  ledger: Ledger;
  /** Simulated seconds to run. */
  duration: number;
  /** Hooks for observers of finished transfers (metrics, latency CDFs). */
  onTransfer: ((r: TransferRecord) => void)[];
  /** DNS: servers, resolvers, each host's stub resolver, the transport (sim-dns.ts). */
  dns: SimDns;
  /** MTAs by host name, in scenario order (mail-section.ts). */
  mtas: Map<string, Mta>;
  /** The SMTP servers listening, by host and port. */
  smtp: SmtpListeners | undefined;
  /** Directory servers by host, for LDAP routing (addressing-section.ts). */
  directories: Map<string, DirectoryServer>;
  /** POP/IMAP servers of mailbox hosts, by host, made when a poll workload first needs one (traffic-section.ts). */
  mailAccess: Map<string, MailAccessServer>;
}

/** `a--b`, unless the link is named. */
export function linkName(l: { between: readonly [string, string]; name?: string }): string {
  return l.name ?? `${l.between[0]}--${l.between[1]}`;
}
