/**
 * Mailing-list traffic (S8, S32): subscribers post to the list's address at the
 * list server, and the list server's MTA expands each post into one message to
 * every subscriber (sim/mta/expansion.ts: envelope sender owner-LIST, so bounces
 * go to the owner; To: still the list; Precedence: list). One post becomes N
 * deliveries over many domains — which is why a list server's queue pictures the
 * health of the whole Internet.
 *
 * Subscribers are generated, `sub<i>@<domains[i mod D]>` (addresses.ts); the
 * posters are subscribers chosen uniformly.
 */
import type { MessageWorkload } from "./arrivals";
import type { MailingList } from "../mta";
import { spreadAddresses } from "./addresses";
import type { UsersSpec } from "./users";

export interface ListSpec extends MessageWorkload {
  /** The list's address, e.g. ml@example.gr.jp. */
  list: string;
  subscribers: number;
  domains: readonly string[];
}

/** The list as the list server's MTA knows it, and the posts as a users workload sent to it. */
export function listTraffic(spec: ListSpec): { list: MailingList; domain: string; posts: UsersSpec } {
  const at = spec.list.lastIndexOf("@");
  const name = spec.list.slice(0, at).toLowerCase(), domain = spec.list.slice(at + 1).toLowerCase();
  const subscribers = spreadAddresses("sub", spec.subscribers, spec.domains);
  return {
    list: { name, subscribers, owners: [`postmaster@${domain}`] },
    domain,
    posts: {
      name: spec.name, senders: subscribers, to: [spec.list], recipients: 1, count: spec.count, rate: spec.rate,
      start: spec.start, stop: spec.stop, diurnal: spec.diurnal, size: spec.size, host: spec.host, subject: `[${name}] post`,
    },
  };
}
