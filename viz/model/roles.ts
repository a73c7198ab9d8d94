/**
 * How each host role is drawn: a shape AND a colour (colour-blind safe: the Okabe–Ito
 * palette), and the mail roles — MTA, gateway, 2nd MX, FallbackMX, mailbox — each have
 * their own shape, so they stay distinguishable in greyscale. The MTA roles are told apart by what the scenario makes of them
 * (a backup MX or a FallbackMX host is an `mta` host named as such in the zone or in
 * another MTA's fallbackMx), see {@link roleOf}.
 */
export type Shape = "circle" | "square" | "diamond" | "triangle" | "hexagon" | "pentagon" | "octagon" | "cloud" | "wall" | "drum" | "star";

export interface RoleStyle {
  shape: Shape;
  colour: string;
  label: { en: string; ja: string };
}

/** Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple. */
export const OKABE_ITO = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"] as const;

export const ROLES: Record<string, RoleStyle> = {
  internet: { shape: "cloud", colour: "#9aa5b1", label: { en: "Internet", ja: "インターネット" } },
  dns: { shape: "triangle", colour: OKABE_ITO[5], label: { en: "DNS server", ja: "DNS サーバ" } },
  resolver: { shape: "diamond", colour: OKABE_ITO[2], label: { en: "resolver", ja: "リゾルバ" } },
  firewall: { shape: "wall", colour: OKABE_ITO[6], label: { en: "firewall", ja: "ファイアウォール" } },
  mta: { shape: "square", colour: OKABE_ITO[3], label: { en: "MTA", ja: "MTA" } },
  gateway: { shape: "hexagon", colour: OKABE_ITO[3], label: { en: "gateway", ja: "ゲートウェイ" } },
  mailbox: { shape: "drum", colour: OKABE_ITO[1], label: { en: "mailbox server", ja: "メールボックスサーバ" } },
  "2nd-mx": { shape: "pentagon", colour: OKABE_ITO[7], label: { en: "2nd MX", ja: "2nd MX" } },
  fallback: { shape: "octagon", colour: OKABE_ITO[4], label: { en: "FallbackMX", ja: "FallbackMX" } },
  rbl: { shape: "star", colour: OKABE_ITO[6], label: { en: "RBL", ja: "RBL" } },
  spammer: { shape: "star", colour: OKABE_ITO[0], label: { en: "spammer", ja: "スパマー" } },
  users: { shape: "circle", colour: OKABE_ITO[1], label: { en: "users", ja: "ユーザ" } },
  directory: { shape: "drum", colour: OKABE_ITO[5], label: { en: "directory (LDAP)", ja: "ディレクトリ (LDAP)" } },
  switch: { shape: "circle", colour: "#bbbbbb", label: { en: "switch / LAN", ja: "スイッチ / LAN" } },
  root: { shape: "triangle", colour: "#7f7f7f", label: { en: "root / TLD server", ja: "ルート / TLD サーバ" } },
  host: { shape: "circle", colour: "#7f7f7f", label: { en: "host", ja: "ホスト" } },
};

export interface RoleHints {
  /** Names of hosts that are backup MX (MX preference > the lowest) for some zone. */
  backupMx: ReadonlySet<string>;
  /** Hosts named in some MTA's fallbackMx. */
  fallback: ReadonlySet<string>;
  /** Hosts whose name or role says gateway (the MTA right behind the firewall). */
  gateway: ReadonlySet<string>;
}

export function roleOf(h: { name: string; role: string; synthetic: boolean }, hints: RoleHints): string {
  if (h.synthetic) return "root";
  if (h.role === "mta") {
    if (hints.fallback.has(h.name)) return "fallback";
    if (hints.backupMx.has(h.name)) return "2nd-mx";
    if (hints.gateway.has(h.name)) return "gateway";
  }
  return ROLES[h.role] ? h.role : "host";
}

export function styleOf(role: string): RoleStyle {
  return ROLES[role] ?? ROLES.host;
}

/** Colours of the animated dots by kind (Okabe–Ito too; the kinds also differ in shape). */
export const DOT_STYLE = {
  "dns-query": { colour: OKABE_ITO[5], shape: "triangle" },
  "dns-answer": { colour: OKABE_ITO[2], shape: "triangle-down" },
  smtp: { colour: OKABE_ITO[3], shape: "ring" },
  body: { colour: OKABE_ITO[1], shape: "square" },
  bounce: { colour: OKABE_ITO[6], shape: "cross" },
} as const;
