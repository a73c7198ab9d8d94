/**
 * What the harness puts around a real daemon, all on loopback addresses only: an SMTP
 * client that injects messages, an SMTP sink that receives what the daemon sends back
 * (delay warnings, bounces), and a packet capture (tshark on `lo`) that timestamps every
 * connection attempt the daemon makes, to the microsecond: the daemon's own log has
 * whole seconds only.
 */
import { spawn } from "node:child_process";
import { createConnection, createServer, type Server, type Socket } from "node:net";

/** Refuse anything that is not a loopback address: the harness never sends elsewhere. */
export function loopbackOnly(addr: string): string {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(addr)) throw new Error(`validate: ${addr} is not a loopback address (127.0.0.0/8)`);
  return addr;
}

/** Wall-clock seconds since the epoch, as tshark prints them. */
export const epoch = (): number => Date.now() / 1000;

/** Reads CRLF-terminated lines from a socket, one reply or command at a time. */
function lineReader(sock: Socket): { next(): Promise<string> } {
  let buf = "";
  const waiting: ((l: string) => void)[] = [];
  const lines: string[] = [];
  sock.setEncoding("latin1");
  sock.on("data", (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf("\r\n")) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  return {
    next: () => new Promise((resolve) => {
      const l = lines.shift();
      if (l !== undefined) resolve(l);
      else waiting.push(resolve);
    }),
  };
}

/** A whole (possibly multi-line) SMTP reply: "250-…" lines until "250 …". */
async function reply(r: { next(): Promise<string> }): Promise<{ code: number; text: string }> {
  const parts: string[] = [];
  for (;;) {
    const l = await r.next();
    parts.push(l.slice(4));
    if (l[3] !== "-") return { code: Number(l.slice(0, 3)), text: parts.join("\n") };
  }
}

export interface Injected {
  /** Epoch seconds when the server's 250 to the end of DATA arrived: the message is queued. */
  at: number;
  /** The server's queue id, from "250 2.0.0 Ok: queued as ID". */
  queueId: string;
}

/** Submit one message over SMTP to `host:port`; resolves once the server has queued it. */
export async function inject(host: string, port: number, m: { from: string; to: string; subject: string }): Promise<Injected> {
  const sock = createConnection({ host: loopbackOnly(host), port });
  const r = lineReader(sock);
  const failed = new Promise<never>((_, reject) => sock.once("error", (e) => reject(new Error(`validate: inject to ${host}:${port}: ${e.message}`))));
  failed.catch(() => undefined); // an error after the message was queued (a reset after QUIT) changes nothing
  const expect = async (code: number): Promise<string> => {
    const x = await Promise.race([reply(r), failed]);
    if (x.code !== code) throw new Error(`validate: inject: expected ${code}, got ${x.code} ${x.text}`);
    return x.text;
  };
  const say = (l: string): void => void sock.write(`${l}\r\n`);
  await expect(220);
  say("EHLO injector.validate.test");
  await expect(250);
  say(`MAIL FROM:<${m.from}>`);
  await expect(250);
  say(`RCPT TO:<${m.to}>`);
  await expect(250);
  say("DATA");
  await expect(354);
  sock.write(`From: <${m.from}>\r\nTo: <${m.to}>\r\nSubject: ${m.subject}\r\nMessage-ID: <${m.subject.replace(/\W/g, "")}@injector.validate.test>\r\n\r\nA test message of the validation harness.\r\n.\r\n`);
  const text = await expect(250);
  const at = epoch();
  say("QUIT");
  sock.end();
  return { at, queueId: /queued as (\S+)/.exec(text)?.[1] ?? "" };
}

export interface Received {
  at: number;
  from: string;
  rcpts: string[];
  data: string;
}

/** An SMTP server that accepts everything and keeps what it got. */
export async function smtpSink(host: string, port: number): Promise<{ received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((sock) => {
    // A client may reset the connection (Postfix's smtp client does after QUIT at times): nothing was lost.
    sock.on("error", () => sock.destroy());
    const r = lineReader(sock);
    const say = (l: string): void => void sock.write(`${l}\r\n`);
    void (async () => {
      say("220 sink.validate.test ESMTP");
      let from = "";
      let rcpts: string[] = [];
      for (;;) {
        const l = await r.next();
        const verb = l.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") say("250 sink.validate.test");
        else if (verb === "MAIL") {
          from = /<([^>]*)>/.exec(l)?.[1] ?? "";
          rcpts = [];
          say("250 2.1.0 Ok");
        } else if (verb === "RCPT") {
          rcpts.push(/<([^>]*)>/.exec(l)?.[1] ?? "");
          say("250 2.1.5 Ok");
        } else if (verb === "DATA") {
          say("354 End data with <CR><LF>.<CR><LF>");
          const lines: string[] = [];
          for (let d = await r.next(); d !== "."; d = await r.next()) lines.push(d.startsWith("..") ? d.slice(1) : d);
          received.push({ at: epoch(), from, rcpts, data: lines.join("\n") });
          say("250 2.0.0 Ok: kept");
        } else if (verb === "QUIT") {
          say("221 2.0.0 Bye");
          sock.end();
          return;
        } else say("250 2.0.0 Ok");
      }
    })().catch(() => sock.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, loopbackOnly(host), () => resolve());
  });
  return { received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Syn {
  at: number;
  src: string;
  dst: string;
  dport: number;
}

/**
 * Every TCP SYN (without ACK) to the given loopback destinations, from tshark on `lo`.
 * Each is one connection attempt; a refused attempt is answered by RST, a dropped one
 * is retransmitted by the kernel (the same source port: counted once by `attempts`).
 */
export async function captureSyns(dsts: { addr: string; port: number }[]): Promise<{ syns: Syn[]; stop(): Promise<Syn[]> }> {
  const filter = dsts.map((d) => `(dst host ${loopbackOnly(d.addr)} and dst port ${d.port})`).join(" or ");
  const p = spawn("tshark", ["-i", "lo", "-n", "-l", "-f", `tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and (${filter})`,
    "-T", "fields", "-e", "frame.time_epoch", "-e", "ip.src", "-e", "ip.dst", "-e", "tcp.dstport", "-e", "tcp.srcport"],
  { stdio: ["ignore", "pipe", "pipe"] });
  const syns: Syn[] = [];
  let out = "";
  p.stdout.setEncoding("utf8");
  p.stdout.on("data", (d: string) => {
    out += d;
    let i: number;
    while ((i = out.indexOf("\n")) >= 0) {
      const [at, src, dst, dport, sport] = out.slice(0, i).split("\t");
      out = out.slice(i + 1);
      syns.push({ at: Number(at), src: `${src}:${sport}`, dst, dport: Number(dport) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    let err = "";
    p.stderr.setEncoding("utf8");
    p.stderr.on("data", (d: string) => {
      err += d;
      if (err.includes("Capturing on")) resolve();
    });
    p.once("exit", (code) => reject(new Error(`validate: tshark exited with ${code}: ${err}`)));
  });
  return {
    syns,
    stop: () => new Promise((resolve) => {
      p.once("exit", () => resolve(syns));
      p.kill("SIGINT");
    }),
  };
}

/** Connection attempts: SYNs, with a retransmitted SYN (same source address and port) counted once, at its first send. */
export function attempts(syns: Syn[]): Syn[] {
  const seen = new Set<string>();
  return syns.filter((s) => !seen.has(s.src) && (seen.add(s.src), true));
}
