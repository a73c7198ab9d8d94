/**
 * Mail programs polling their mailbox (S33): each user's client connects to the
 * mailbox server every `interval` seconds by POP or IMAP and fetches what is new.
 * Users start at a random phase in the first interval (drawn from the workload's
 * own stream), so polls are spread, not synchronised; each poll starts one
 * interval after the previous one started (a timer, as mail programs have).
 *
 * Polls are not mail: nothing enters the ledger. The load they put on the server
 * is in MailAccessServer's counters and in `mailbox.poll` trace events.
 */
import type { Kernel, Stream } from "../engine";
import type { AccessProtocol, MailAccessServer, PollResult } from "../mta/mail-access";

export interface PollingSpec {
  /** (client host, user) pairs. */
  users: readonly { readonly client: string; readonly user: string }[];
  protocol: AccessProtocol;
  interval: number;
  start: number;
  stop: number;
}

export function startPolling(kernel: Kernel, server: MailAccessServer, spec: PollingSpec, phases: Stream, onPoll?: (r: PollResult) => void): void {
  for (const u of spec.users) {
    const tick = (): void => {
      if (kernel.now > spec.stop) return;
      server.poll(u.client, u.user, spec.protocol, onPoll);
      kernel.schedule(spec.interval, tick);
    };
    kernel.at(spec.start + phases.uniform(0, spec.interval), tick);
  }
}
