/**
 * A mail client that is not an MTA: it opens one SMTP session, hands over one
 * message, and keeps nothing. Two kinds of sender are like this:
 *
 *  - a user's mail program submitting to its server (RFC 6409 Message Submission,
 *    port 587, with SMTP AUTH, S26): a refusal is shown to the user, who is outside
 *    the simulation — nothing is queued or retried;
 *  - a spammer's ratware pushing a campaign through somebody's relay (S23): it does
 *    not retry either, and it has no queue that bounces could come from.
 *
 * Each recipient is a ledger item (message id, recipient). What the server
 * accepted is now the server's (its queue holds the item, or it was discarded);
 * what it refused — at any step, permanently or "try later", or because the
 * connection failed — leaves as `rejected`: refused at SMTP time with nobody
 * inside the simulation left to act on it.
 */
import type { Kernel, Ledger, TraceBus } from "../engine";
import type { Network } from "../net";
import { isPositive, runSession, type Message, type SessionResult, type SmtpListeners, type SmtpTimeouts } from "../smtp";

export interface ClientEnv {
  kernel: Kernel;
  net: Network;
  bus: TraceBus;
  listeners: SmtpListeners;
  ledger: Ledger;
}

export interface ClientSend {
  client: string;
  server: string;
  port: number;
  helo: string;
  message: Message;
  auth?: { user: string; password: string };
  timeouts?: SmtpTimeouts;
}

export interface ClientOutcome {
  accepted: string[];
  refused: string[];
  result: SessionResult;
}

/** Enter the message's recipients in the ledger and send it once; `done` hears which were taken. */
export function sendOnce(env: ClientEnv, req: ClientSend, done?: (o: ClientOutcome) => void): void {
  const rcpts = req.message.envelope.rcptTo;
  for (const r of rcpts) {
    // Held by the client while the session runs (a run may end mid-session).
    env.ledger.enter(req.message.id, r);
    env.ledger.hold(req.message.id, r, `sending@${req.client}`);
  }
  runSession(env, { client: req.client, server: req.server, port: req.port, helo: req.helo, message: req.message, auth: req.auth, timeouts: req.timeouts }, (result) => {
    const out: ClientOutcome = { accepted: [], refused: [], result };
    const dataOk = result.stage === "done" && result.data !== null && isPositive(result.data);
    rcpts.forEach((rcpt, i) => {
      const rr = result.rcpt[i];
      if (dataOk && rr !== undefined && isPositive(rr)) out.accepted.push(rcpt);
      else if (env.ledger.fate(req.message.id, rcpt) === `held:sending@${req.client}`) {
        out.refused.push(rcpt);
        env.ledger.settle(req.message.id, rcpt, "rejected");
      }
    });
    done?.(out);
  });
}
