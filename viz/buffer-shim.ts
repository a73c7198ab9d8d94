/**
 * dns-packet (the DNS wire format under sim/dns) is written for Node and uses
 * `Buffer`. In the browser worker the npm `buffer` package provides the same class;
 * this module installs it as a global before any simulator module evaluates
 * (import it first). Vite aliases `buffer` to the npm package (vite.config.ts).
 */
import { Buffer } from "buffer";

const g = globalThis as { Buffer?: unknown };
if (g.Buffer === undefined) g.Buffer = Buffer;

export {};
