/**
 * sim/dns: DNS as mail depends on it. Wire messages (dns-packet), zones in BIND text,
 * authoritative answers, the root/TLD tree above a scenario's zones, DNSBL lists and
 * their failure modes; on the network, authoritative servers, caching iterative
 * resolvers and glibc-like stub resolvers. Knows no mail.
 */
import "./events";
export { canonical, absolute, join, isSubdomain, parentName, labels, compareNames, nameProblem } from "./name";
export { RR_TYPES, indexZone, rrset, sameRr, type Rr, type RrOf, type RrType, type RdataMap, type SoaData, type MxData, type Zone, type IndexedZone } from "./zone";
export { RDATA, targetsOf, quoteString, type RdataCodec, type FieldReader } from "./rdata";
export { parseZone, ZoneError, type ParseOptions } from "./zone-parser";
export { printZone } from "./zone-printer";
export {
  RCODE, FLAG_AA, FLAG_RA, FLAG_RD, FLAG_TC, rcodeOf, isAuthoritative, encodeMessage, decodeMessage, withId, makeQuery,
  toRr, sectionRrs, presentRr, inspectMessage, type InspectedMessage, type RcodeName, type Packet, type DecodedPacket, type Answer,
} from "./wire";
export { answerQuery, makeAuthority, findZone, type Authority, type AuthorityOptions, type AuthorityResult, type AnswerKind } from "./authority";
export { buildHierarchy, completeZone, syntheticAddress, zoneDepth, type Hierarchy, type HierarchyOptions, type NameServer, type ServedZone } from "./hierarchy";
export { Dnsbl, dnsblQueryName, dnsblAddrOf, dnsblZone, DNSBL_MODES, DNSBL_TEST_LISTED, DNSBL_TEST_UNLISTED, type DnsblMode, type DnsblEntry, type DnsblListing } from "./dnsbl";
export { DnsTransport, DNS_PORT, ephemeralPort, type DatagramNetwork, type DnsEndpoint, type DnsDatagram } from "./transport";
export { DnsMessageLog, type Exchange } from "./messages";
export { AuthServer, type AuthServerOptions, type ServerMode } from "./server";
export { DnsCache, type CacheEntry, type Trust } from "./cache";
export { Resolver, type Resolution, type ResolverOptions, type ResolverCounters } from "./resolver";
export { StubResolver, type StubResult } from "./stub";
export { parseResolvConf, defaultResolvConf, MAXNS, RES_TIMEOUT, RES_DFLRETRY, type ResolvConf } from "./resolv-conf";
export { deployHierarchy, type DeployOptions } from "./deploy";
export { explainDns } from "./explain";
