/** Every benchmark case, in the order `npm run bench` runs them (a static list, so the cases can be bundled). */
import type { BenchCase } from "../harness";
import dnsResolve from "./dns-resolve";
import engineDeep from "./engine-deep";
import engineMm1 from "./engine-mm1";
import engineRelay from "./engine-relay";
import flowsStar from "./flows-star";
import flowsStarPoisson from "./flows-star-poisson";
import ispDay from "./isp-day";
import smtpRelayChain from "./smtp-relay-chain";
import sweepScaling from "./sweep-scaling";
import validate100k from "./validate-100k";

export const CASES: readonly BenchCase[] = [
  dnsResolve, engineDeep, engineMm1, engineRelay, flowsStar, flowsStarPoisson, ispDay, smtpRelayChain, sweepScaling, validate100k,
];
