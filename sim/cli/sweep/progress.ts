/**
 * The sweep's progress line on stderr (only when stderr is a terminal): runs done of
 * runs to do, a bar, the elapsed time and an ETA from the mean wall time per run so
 * far. Wall-clock time is read here, in the CLI, never inside the simulation.
 */
import { formatDuration } from "../../engine";

export interface Progress {
  /** A run finished (or was found finished); redraws the line. */
  tick(): void;
  /** Erase the line. */
  done(): void;
}

export function progressLine(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total === 0) return { tick() {}, done() {} };
  const t0 = performance.now();
  let n = 0;
  const draw = (): void => {
    const elapsed = (performance.now() - t0) / 1000;
    const eta = n > 0 ? (elapsed / n) * (total - n) : NaN;
    const w = 30, filled = Math.round((w * n) / total);
    const etaText = Number.isFinite(eta) ? `ETA ${formatDuration(Math.round(eta))}` : "ETA …";
    stream.write(`\r\x1b[K[${"#".repeat(filled)}${".".repeat(w - filled)}] ${n}/${total} runs  ${label}  ${formatDuration(Math.round(elapsed))} elapsed  ${etaText}`);
  };
  draw();
  return {
    tick() {
      n++;
      draw();
    },
    done() {
      stream.write("\r\x1b[K");
    },
  };
}
