/** Trace events of SMTP sessions (see session.ts). */
declare module "../engine/trace" {
  interface TraceEventMap {
    /** A client opens a session to deliver `message` to `rcpts` recipients. */
    "smtp.connect": { session: number; server: string; port: number; mailFrom: string; rcpts: number; bytes: number; message: string };
    /** The server's reply at one stage (code 0 = no reply: the server was gone). */
    "smtp.reply": { session: number; server: string; stage: string; code: number; enhanced: string | null; text: string };
    /** The client learned how the session ended. */
    "smtp.end": { session: number; server: string; stage: string; code: number; roundTrips: number };
    /** The hop's TLS outcome (starttls.ts): plaintext, encrypted, verified, or failed with a 4.7.x reply. */
    "smtp.tls": { session: number; server: string; level: string; state: string; certificate: string; code: number; enhanced: string | null };
  }
}
export {};
