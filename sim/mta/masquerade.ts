/**
 * Masquerading (tutorial S18): mail from an internal mailbox server goes out as
 * `user@example.gr.jp` instead of `user@myhost.example.gr.jp`, so replies come
 * back to the organisation's MX and machine names stay inside. The sendmail
 * config.mc features, as cf/README ("MASQUERADING AND RELAYING") defines them:
 *
 *  - `MASQUERADE_AS(example.gr.jp)`: sender addresses of this host (class w: its
 *    own names) and unqualified addresses are rewritten to `user@example.gr.jp`;
 *  - `MASQUERADE_DOMAIN(d)`: addresses at host `d` (class M) are rewritten too —
 *    mail relayed for other machines of the organisation;
 *  - `FEATURE(limited_masquerade)`: only class M is rewritten, not class w;
 *  - `FEATURE(masquerade_entire_domain)`: class M entries cover every host under
 *    them (`MASQUERADE_DOMAIN(example.gr.jp)` then rewrites `x.example.gr.jp`, the
 *    tutorial's "そのドメイン以下全部のマシン名をマスカレード");
 *  - `FEATURE(masquerade_envelope)`: the envelope sender is rewritten as well
 *    (otherwise only header addresses are);
 *  - `EXPOSED_USER(root postmaster)`: these users are never masqueraded, so
 *    you can still tell which machine's root wrote;
 *  - `FEATURE(always_add_domain)`: unqualified addresses get `@$j` (this host's
 *    name) even for local delivery; on SMTP output sendmail qualifies them anyway.
 *    Qualification comes first, then masquerading (so with limited_masquerade
 *    `user` becomes `user@$j`, masqueraded only if $j is in class M — the
 *    tutorial's MASQUERADE_DOMAIN(`myhost.example.gr.jp')).
 *  - `FEATURE(allmasquerade)`: recipient header fields (To:, Cc:) too.
 *
 * Header sender fields are the ones sendmail marks H_FROM: From, Sender, Reply-To,
 * Errors-To, Resent-From, Resent-Sender. Envelope recipients are never rewritten.
 */
import type { HeaderField, Message } from "../smtp";

export interface MasqueradeConfig {
  /** MASQUERADE_AS. */
  readonly as: string;
  /** MASQUERADE_DOMAIN entries (class M). */
  readonly domains: readonly string[];
  /** This host's own names (class w), e.g. its hostname. */
  readonly localNames: readonly string[];
  /** $j, the host's fully qualified name (always_add_domain qualifies with it). */
  readonly hostname: string;
  readonly limited: boolean;
  readonly entireDomain: boolean;
  readonly envelope: boolean;
  readonly exposedUsers: readonly string[];
  readonly alwaysAddDomain: boolean;
  readonly allMasquerade: boolean;
}

/** Which mailer the address leaves by: SMTP qualifies every address, local only with always_add_domain. */
export type Mailer = "smtp" | "local";

const SENDER_FIELDS = ["from", "sender", "reply-to", "errors-to", "resent-from", "resent-sender"];
const RECIPIENT_FIELDS = ["to", "cc", "resent-to", "resent-cc"];

function masqueradable(cfg: MasqueradeConfig, host: string): boolean {
  const h = host.toLowerCase();
  if (!cfg.limited && cfg.localNames.some((n) => n.toLowerCase() === h)) return true;
  return cfg.domains.some((d) => {
    const m = d.toLowerCase();
    return h === m || (cfg.entireDomain && h.endsWith("." + m));
  });
}

/** One address (no angle brackets, no display name) as it leaves. */
export function masqueradeAddress(address: string, cfg: MasqueradeConfig, mailer: Mailer): string {
  if (address === "") return address; // the null sender <> stays null
  const at = address.lastIndexOf("@");
  let user = address, host: string | null = null;
  if (at >= 0) {
    user = address.slice(0, at);
    host = address.slice(at + 1);
  }
  if (host === null) {
    if (mailer === "local" && !cfg.alwaysAddDomain) return address;
    host = cfg.hostname;
  }
  if (cfg.exposedUsers.some((u) => u.toLowerCase() === user.toLowerCase())) return `${user}@${host}`;
  return masqueradable(cfg, host) ? `${user}@${cfg.as}` : `${user}@${host}`;
}

/** A header value: a list of addresses, each bare or `Name <addr>`. */
function masqueradeList(value: string, cfg: MasqueradeConfig, mailer: Mailer): string {
  return value
    .split(",")
    .map((part) => {
      const m = /^(.*<)([^>]*)(>.*)$/.exec(part);
      if (m !== null) return `${m[1]}${masqueradeAddress(m[2].trim(), cfg, mailer)}${m[3]}`;
      const lead = /^\s*/.exec(part)![0];
      return lead + masqueradeAddress(part.trim(), cfg, mailer);
    })
    .join(",");
}

/** The message with its header (and, with masquerade_envelope, its envelope sender) masqueraded. */
export function masqueradeMessage(m: Message, cfg: MasqueradeConfig, mailer: Mailer): Message {
  const fields = cfg.allMasquerade ? [...SENDER_FIELDS, ...RECIPIENT_FIELDS] : SENDER_FIELDS;
  let changed = false;
  const header: HeaderField[] = m.header.map((f) => {
    if (!fields.includes(f.name.toLowerCase())) return f;
    const value = masqueradeList(f.value, cfg, mailer);
    if (value === f.value) return f;
    changed = true;
    return { name: f.name, value };
  });
  const mailFrom = cfg.envelope ? masqueradeAddress(m.envelope.mailFrom, cfg, mailer) : m.envelope.mailFrom;
  if (!changed && mailFrom === m.envelope.mailFrom) return m;
  return { ...m, header, envelope: { ...m.envelope, mailFrom } };
}
