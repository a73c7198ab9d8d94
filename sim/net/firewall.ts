/**
 * Firewalls: ordered packet-filter rules, first match wins.
 *
 * A host given `firewall` rules filters every packet that crosses it: packets it
 * forwards, and packets it sends or receives itself (a host firewall). Rules are
 * evaluated in order and the first rule whose every given field matches decides
 * (the ipfw / iptables-chain / Cisco ACL discipline); when no rule matches the
 * packet is allowed (an open default, so a host with no rules behaves like a plain
 * router; write a final `{ action: "deny-drop" }` for a closed default).
 *
 * Two ways to deny, with different consequences for the sender (RFC 1122 §4.2.2.13,
 * RFC 792): `deny-drop` discards silently, so a TCP connect waits for its timeout;
 * `deny-reject` answers at once (a TCP RST or an ICMP administratively-prohibited),
 * so the sender learns of it after one round trip to the firewall.
 *
 * Rules are stateless, like a screening router without keep-state: they see a
 * packet's protocol, source and destination address and destination port, never a
 * connection. Replies therefore need rules of their own (e.g. allow by source).
 * Bulk transfers (`Network.transfer`) ride connections that already passed the
 * filter at connect time and are not filtered again.
 */
import { cidrContains, parseCidr, type Cidr } from "./ipv4";

export type Protocol = "tcp" | "udp";

export interface FirewallRule {
  action: "allow" | "deny-drop" | "deny-reject";
  proto?: Protocol | "any";
  /** Source prefix (CIDR, or a bare address for a /32). */
  src?: string;
  /** Destination prefix. */
  dst?: string;
  /** Destination port. */
  dport?: number;
}

export type FirewallAction = FirewallRule["action"];

/** A rule with its prefixes parsed. */
export interface CompiledRule {
  readonly action: FirewallAction;
  readonly proto: Protocol | null;
  readonly src: Cidr | null;
  readonly dst: Cidr | null;
  readonly dport: number | null;
}

export interface Verdict {
  action: FirewallAction;
  /** Index of the deciding rule, or -1 for the default (allow). */
  rule: number;
}

/** Parse every rule once; a bad prefix or port throws, naming the host and the rule. */
export function compileRules(rules: readonly FirewallRule[], host: string): CompiledRule[] {
  return rules.map((r, i) => {
    const where = `firewall of ${host}, rule ${i}`;
    if (r.action !== "allow" && r.action !== "deny-drop" && r.action !== "deny-reject") {
      throw new Error(`net: ${where}: action must be allow, deny-drop or deny-reject (got ${String(r.action)})`);
    }
    if (r.dport !== undefined && !(Number.isInteger(r.dport) && r.dport >= 0 && r.dport <= 65535)) {
      throw new Error(`net: ${where}: dport must be an integer 0..65535 (got ${r.dport})`);
    }
    try {
      return {
        action: r.action,
        proto: r.proto === undefined || r.proto === "any" ? null : r.proto,
        // "any" is the scenario format's word for no constraint (net-schema.ts), as an absent field.
        src: r.src === undefined || r.src === "any" ? null : parseCidr(r.src),
        dst: r.dst === undefined || r.dst === "any" ? null : parseCidr(r.dst),
        dport: r.dport ?? null,
      };
    } catch (e) {
      throw new Error(`net: ${where}: ${(e as Error).message}`);
    }
  });
}

/**
 * The verdict of one rule list on one packet. An address is null when the host
 * has none; a rule that names a prefix never matches such a packet.
 */
export function evaluateRules(
  rules: readonly CompiledRule[],
  proto: Protocol,
  src: number | null,
  dst: number | null,
  dport: number,
): Verdict {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.proto !== null && r.proto !== proto) continue;
    if (r.dport !== null && r.dport !== dport) continue;
    if (r.src !== null && (src === null || !cidrContains(r.src, src))) continue;
    if (r.dst !== null && (dst === null || !cidrContains(r.dst, dst))) continue;
    return { action: r.action, rule: i };
  }
  return { action: "allow", rule: -1 };
}
