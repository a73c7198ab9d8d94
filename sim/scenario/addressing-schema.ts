/**
 * Addressing in the scenario format: how an MTA rewrites, expands and routes
 * addresses — masquerading, aliases, mailing lists, LDAP routing — and the
 * directory servers LDAP routing asks. mail-schema.ts puts the fields into the
 * `mta:` block; addressing-section.ts checks them and translates them into the
 * MTA's configuration.
 *
 * ```yaml
 * hosts:
 *   gateway:
 *     mta:
 *       ldapRouting: { domains: [example.gr.jp], servers: [ldap1, ldap2], timeout: 5s }   # S22
 *   ldap1: { role: directory, addr: 10.0.0.30, directory: { entries: { alice: mbox1.example.gr.jp, bob: mbox2.example.gr.jp } } }
 *   ldap2: { role: directory, addr: 10.0.0.31, directory: { replicaOf: ldap1 } }   # the shadow replica
 *   mailbox:
 *     mta:
 *       masquerade:                        # S18, as the tutorial's config.mc
 *         as: example.gr.jp                # MASQUERADE_AS
 *         domains: [myhost.example.gr.jp]  # MASQUERADE_DOMAIN
 *         limited: true                    # FEATURE(limited_masquerade)
 *         entireDomain: false              # FEATURE(masquerade_entire_domain)
 *         envelope: true                   # FEATURE(masquerade_envelope)
 *         exposedUsers: [root, postmaster] # EXPOSED_USER
 *         alwaysAddDomain: true            # FEATURE(always_add_domain)
 *       aliases: { staff: [alice, bob] }   # /etc/aliases; members may be local parts or addresses
 *       lists:                             # S8, S32: owner-NAME, NAME-request, NAME-admin come with each
 *         - { name: ml, subscribers: [alice@example.gr.jp, ken@example.com], owners: [alice@example.gr.jp] }
 * ```
 */
import { z } from "zod";
import type { SectionFormat } from "./format";
import { duration } from "./units";

/** Fields of the `mta:` block for rewriting, expansion and directory routing. */
export const addressingMtaFields = {
  ldapRouting: z
    .object({
      domains: z.array(z.string()).min(1).describe("LDAPROUTE_DOMAIN: recipients here are routed by the directory"),
      servers: z.array(z.string()).min(1).describe("directory hosts in order: master, then replicas"),
      timeout: duration("how long to wait for one directory server").optional(),
    })
    .strict()
    .optional()
    .describe("LDAP routing (S22): the directory names each user's mailbox server"),
  masquerade: z
    .object({
      as: z.string(),
      domains: z.array(z.string()).default([]),
      limited: z.boolean().default(false),
      entireDomain: z.boolean().default(false),
      envelope: z.boolean().default(false),
      exposedUsers: z.array(z.string()).default([]),
      alwaysAddDomain: z.boolean().default(false),
      allMasquerade: z.boolean().default(false),
    })
    .strict()
    .optional()
    .describe("sendmail masquerading (S18)"),
  aliases: z.record(z.string(), z.array(z.string())).optional().describe("local part -> members (addresses or local parts)"),
  lists: z
    .array(z.object({ name: z.string(), subscribers: z.array(z.string()), owners: z.array(z.string()).min(1), errorsTo: z.string().optional() }).strict())
    .optional()
    .describe("mailing lists: envelope sender owner-NAME, -request and -admin addresses"),
};

export const addressingFormat = {
  hostFields: {
    directory: z
      .object({
        entries: z.record(z.string(), z.string()).optional().describe("user -> mailHost (the mailbox server's name)"),
        replicaOf: z.string().optional().describe("a shadow copy of another directory host's entries"),
        searchTime: z.number().nonnegative().optional().describe("seconds per search (default 0.001)"),
      })
      .strict()
      .optional()
      .describe("an LDAP directory answering which mailbox server holds each user (S22)"),
  },
  topLevelFields: {},
  traffic: [],
  faultFields: {},
} as const satisfies SectionFormat;
