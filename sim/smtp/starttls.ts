/**
 * STARTTLS between mail servers (RFC 3207, formerly RFC 2487; tutorial S26).
 *
 * A server that can encrypt lists STARTTLS after EHLO. A client that wants to
 * encrypt sends STARTTLS (one round trip, 220 "Ready to start TLS"), then the TLS
 * handshake runs — a full TLS 1.2 handshake is two round trips (RFC 5246 §7.3:
 * ClientHello; ServerHello…Certificate…ServerHelloDone; ClientKeyExchange…
 * Finished; Finished), carrying the server's certificate chain (a few KB) — and
 * then the client MUST forget what it knew and send EHLO again (RFC 3207 §4.2):
 * one more round trip. Four round trips and some KB per session, on every hop.
 *
 * What the client does is its security level (Postfix smtp_tls_security_level,
 * the names used here; sendmail's TLS_Srv access entries do the same):
 *  - `none`: never STARTTLS;
 *  - `may`: opportunistic — encrypt when offered, accept any certificate, fall
 *    back to plaintext when not offered (RFC 3207 §4.1: the client cannot tell);
 *  - `encrypt`: mandatory TLS, any certificate; not offered → 4.7.4, deferred;
 *  - `verify`: mandatory TLS with a certificate that chains to a trusted CA; a
 *    self-signed one → 4.7.5 "Server certificate not trusted", deferred.
 * Each hop's outcome — plaintext, encrypted (unverified) or verified — is traced.
 */
import { replyFor, type Reply } from "./reply";

export type TlsLevel = "none" | "may" | "encrypt" | "verify";
export type Certificate = "ca-signed" | "self-signed";
export type TlsState = "plaintext" | "encrypted" | "verified";

/** Bytes of a full TLS 1.2 handshake with an RSA certificate chain of two certificates (approximate). */
export const HANDSHAKE_BYTES = { clientHello: 300, serverFlight: 3500, clientFinish: 330, serverFinish: 60 };

export type TlsPlan =
  | { readonly kind: "skip"; readonly state: TlsState }
  | { readonly kind: "fail"; readonly reply: Reply }
  | { readonly kind: "start" };

/** Before STARTTLS: go ahead, stay in plaintext, or give up (not offered at a mandatory level). */
export function planTls(level: TlsLevel, offered: boolean, server: string): TlsPlan {
  if (level === "none") return { kind: "skip", state: "plaintext" };
  if (offered) return { kind: "start" };
  if (level === "may") return { kind: "skip", state: "plaintext" };
  return { kind: "fail", reply: replyFor("tlsNotOffered", { host: server }) };
}

/** After the handshake: the hop's state, or the failure at `verify` with an untrusted certificate. */
export function judgeCertificate(level: TlsLevel, cert: Certificate, server: string): { state: TlsState } | { reply: Reply } {
  if (cert === "ca-signed") return { state: level === "verify" ? "verified" : "encrypted" };
  if (level === "verify") return { reply: replyFor("tlsUntrusted", { host: server }) };
  return { state: "encrypted" };
}
