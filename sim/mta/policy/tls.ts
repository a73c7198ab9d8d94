/**
 * The server side of STARTTLS (RFC 3207): an MTA with a certificate offers
 * STARTTLS after EHLO and presents its certificate — signed by a CA that clients
 * trust, or self-signed (which opportunistic clients accept and verifying clients
 * refuse; sim/smtp/starttls.ts). The client decides what that means.
 */
import type { Certificate } from "../../smtp";
import type { SmtpPolicy } from "../smtp-server";

export function starttlsPolicy(certificate: Certificate): SmtpPolicy {
  const ext = { starttls: true, certificate };
  return { name: "starttls", extensions: () => ext };
}
