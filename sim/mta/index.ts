/** sim/mta: the MTA — routing chain, mailertable, MX selection, queue manager, retry laws, bounces, profiles. */
export * from "./retry";
export * from "./mailertable";
export * from "./mx";
export * from "./profiles";
export * from "./dsn";
export * from "./routing-chain";
export * from "./next-hops";
export * from "./host-status";
export * from "./concurrency";
export * from "./delivery";
export * from "./mailbox";
export * from "./smtp-server";
export * from "./mta";
export type { MtaCounts, MtaGauge, MtaReading, QueueLength } from "./gauge";
export * from "./expansion";
export * from "./masquerade";
export * from "./directory";
export * from "./mail-access";
