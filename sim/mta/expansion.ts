/**
 * Aliases and mailing lists: a local address that stands for other addresses
 * (tutorial S8, S32; sendmail aliases(5), RFC 5321 §3.9).
 *
 * An **alias** (`staff: alice, bob`) is resolved at final delivery: the message
 * goes on to each member with its envelope sender unchanged — unless an
 * `owner-staff` alias exists, in which case sendmail rewrites the envelope sender
 * to it so that errors go to the alias's owner (sendmail alias.c, "owner-" aliases).
 *
 * A **mailing list** (RFC 5321 §3.9.2) is a list address whose expansion is a
 * *new submission*: the header stays as the poster wrote it (To: is still the list
 * — which is why mail reaches you although To: does not name you, S8), the envelope
 * sender becomes `owner-LIST@domain` (or the list's errors-to address) so that
 * bounces from the subscribers go to the list's owner and never to the poster, and
 * list driver headers (Precedence: list, X-ML-Name) are added. The list's
 * administrative addresses — `LIST-request` (subscriptions), `LIST-admin` and
 * `owner-LIST` (the people running it) — reach the owners (RFC 2142 §4 style).
 *
 * In the ledger the copy addressed to the alias or list ends as `expanded` (the
 * DSN action of RFC 3464 §2.3.3) and one new item enters per member.
 */
import type { HeaderField, Message } from "../smtp";
import { prepend } from "../smtp";

export interface Expansion {
  readonly kind: "alias" | "list" | "list-admin";
  /** The messages that carry on, each with its envelope (members as recipients). */
  readonly messages: readonly Message[];
  readonly why: string;
}

/** Resolve a local part: null when it is not an alias or list here. */
export type Expander = (user: string, m: Message) => Expansion | null;

export interface MailingList {
  readonly name: string;
  readonly subscribers: readonly string[];
  /** The people who run the list (owner-LIST, LIST-admin, LIST-request reach them). */
  readonly owners: readonly string[];
  /** Envelope sender for the list's copies instead of owner-LIST (an -errors address). */
  readonly errorsTo?: string;
}

export interface ExpansionConfig {
  /** The domain the lists and aliases live in (for owner-LIST@domain). */
  readonly domain: string;
  readonly aliases: Readonly<Record<string, readonly string[]>>;
  readonly lists: readonly MailingList[];
}

/** The local parts the configuration answers for (so the SMTP server accepts them at RCPT). */
export function expansionNames(cfg: ExpansionConfig): string[] {
  const names = Object.keys(cfg.aliases).map((a) => a.toLowerCase());
  for (const l of cfg.lists) {
    const n = l.name.toLowerCase();
    names.push(n, `${n}-request`, `${n}-admin`, `owner-${n}`);
  }
  return names;
}

/** Build the expander of a configuration; new message ids are `<original>~<user>.<n>`. */
export function makeExpander(cfg: ExpansionConfig): Expander {
  const aliases = new Map(Object.entries(cfg.aliases).map(([k, v]) => [k.toLowerCase(), v]));
  const lists = new Map(cfg.lists.map((l) => [l.name.toLowerCase(), l]));
  const admin = new Map<string, MailingList>();
  for (const l of cfg.lists) for (const suffix of ["-request", "-admin"]) admin.set(`${l.name.toLowerCase()}${suffix}`, l);
  for (const l of cfg.lists) admin.set(`owner-${l.name.toLowerCase()}`, l);
  let n = 0;
  const copy = (m: Message, user: string, mailFrom: string, rcpts: readonly string[], extra: readonly HeaderField[] = []): Message => ({
    ...m,
    id: `${m.id}~${user}.${++n}`,
    envelope: { ...m.envelope, mailFrom, rcptTo: rcpts },
    header: extra.length > 0 ? prepend(m.header, ...extra) : m.header,
  });
  return (user, m) => {
    const u = user.toLowerCase();
    const list = lists.get(u);
    if (list !== undefined) {
      const sender = list.errorsTo ?? `owner-${list.name}@${cfg.domain}`;
      const extra: HeaderField[] = [{ name: "Precedence", value: "list" }, { name: "X-ML-Name", value: list.name }];
      if (list.errorsTo !== undefined) extra.push({ name: "Errors-To", value: list.errorsTo });
      if (list.subscribers.length === 0) return { kind: "list", messages: [], why: `list ${list.name} has no subscribers` };
      return {
        kind: "list", messages: [copy(m, u, sender, list.subscribers, extra)],
        why: `list ${list.name}: ${list.subscribers.length} subscribers, envelope sender <${sender}> so bounces go to the owner`,
      };
    }
    const adm = admin.get(u);
    if (adm !== undefined) {
      return { kind: "list-admin", messages: [copy(m, u, m.envelope.mailFrom, adm.owners)], why: `${u}: the owners of list ${adm.name}` };
    }
    const members = aliases.get(u);
    if (members !== undefined) {
      // sendmail: an owner-ALIAS entry becomes the envelope sender of the expansion.
      const owner = aliases.has(`owner-${u}`) ? `owner-${u}@${cfg.domain}` : m.envelope.mailFrom;
      const why = owner === m.envelope.mailFrom ? `alias ${u} -> ${members.join(", ")}` : `alias ${u} -> ${members.join(", ")} (errors to <${owner}>)`;
      return { kind: "alias", messages: members.length > 0 ? [copy(m, u, m.envelope.mailFrom === "" ? "" : owner, members)] : [], why };
    }
    return null;
  };
}
