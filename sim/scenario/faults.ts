/**
 * The fault schedule: hosts and links that go down and come back, bandwidth that
 * changes. Faults are plain timed events on the kernel that call the network's
 * own switches, so a fault looks to every model exactly like the real thing: flows
 * break, connects time out, datagrams are lost, routes move.
 */
import type { Kernel } from "../engine";
import type { Network } from "../net";
import type { FaultSpec } from "./schema";

export function scheduleFaults(kernel: Kernel, net: Network, faults: readonly FaultSpec[], linkNames: ReadonlySet<string>): void {
  const setUp = (target: string, up: boolean): void => {
    if (linkNames.has(target)) net.setLinkUp(target, up);
    else net.setHostUp(target, up);
  };
  for (const f of faults) {
    if (f.down !== undefined) {
      const target = f.down;
      kernel.at(f.at, () => setUp(target, false));
      if (f.for !== undefined) kernel.at(f.at + f.for, () => setUp(target, true));
    } else if (f.up !== undefined) {
      const target = f.up;
      kernel.at(f.at, () => setUp(target, true));
    } else if (f.link !== undefined && f.bandwidth !== undefined) {
      const link = f.link, bps = f.bandwidth;
      kernel.at(f.at, () => net.setBandwidth(link, bps));
    }
  }
}
