/** sim/mta: the pure foundations of the delivery layer — retry laws, mailertable, MX selection, profiles, DSNs. */
export * from "./retry";
export * from "./mailertable";
export * from "./mx";
export * from "./profiles";
export * from "./dsn";
