/**
 * sim/net: hosts, links, routes, max-min bandwidth sharing, datagrams, TCP
 * connection setup, firewalls and link/host faults. Knows no mail.
 */
import "./events";
export { Network } from "./network";
export type { Host, Link, HostOptions, LinkOptions } from "./topology";
export type { FirewallRule, FirewallAction, Protocol, Verdict, CompiledRule } from "./firewall";
export { compileRules, evaluateRules } from "./firewall";
export type { TransferOutcome, TransferFailure, LinkStatsReading, DirectionStats } from "./flows";
export type { ConnectOutcome } from "./connect";
export { DEFAULT_CONNECT_TIMEOUT } from "./connect";
export type { Route } from "./routing";
export { MaxMinSolver, solveMaxMin, type MaxMinProblem, type MaxMinSolution } from "./maxmin";
export { parseIPv4, parseCidr, cidrContains, isIPv4, AddressError, type Cidr } from "./ipv4";
