/**
 * Mobile phone mail (S35): "small messages, enormous counts". Phones send through
 * the carrier's gateway; each message is a few hundred bytes of text, and a
 * population of subscribers produces a very high rate spread over the waking
 * day (the `mobile` diurnal profile). The point the tutorial makes: message
 * count, not bytes, is what loads the servers (one SMTP transaction, one queue
 * file, one DNS lookup per message), so a server sized by bandwidth alone fails.
 *
 * Senders are generated, `m<i>@<domain>` for i up to `subscribers`.
 */
import type { MessageWorkload } from "./arrivals";
import { spreadAddresses } from "./addresses";
import type { UsersSpec } from "./users";

export interface MobileSpec extends MessageWorkload {
  domain: string;
  subscribers: number;
  to: readonly string[];
}

export function mobileAsUsers(spec: MobileSpec): UsersSpec {
  const senders = spreadAddresses("m", spec.subscribers, [spec.domain]);
  return {
    name: spec.name, senders, to: spec.to, recipients: 1, count: spec.count, rate: spec.rate, start: spec.start,
    stop: spec.stop, diurnal: spec.diurnal, size: spec.size, host: spec.host, subject: "",
    contentType: "text/plain; charset=Shift_JIS",
  };
}
