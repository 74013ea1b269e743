// Kernel socket queues from `ss` (iproute2): how many bytes sit in TCP send queues towards given local
// ports. A benchmark uses it to know when a stalled reader's kernel buffers are full, so that any further
// growth has to happen in the server's own memory.
import { execFileSync } from 'node:child_process';

export interface QueuesTowards {
  /** Sum of Send-Q of the established sockets whose peer port is one of the ports. */
  readonly sendQueue: number;
  /** How many of those sockets are still established (the others were closed by their owner). */
  readonly established: number;
}

/** Established TCP sockets whose peer is <addr>:<port> for a port in `peerPorts`; undefined without `ss`. */
export function queuesTowards(peerPorts: ReadonlySet<number>): QueuesTowards | undefined {
  let out: string;
  try {
    out = execFileSync('ss', ['-tnH', 'state', 'established'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    return undefined; // no ss here
  }
  let sendQueue = 0;
  let established = 0;
  for (const line of out.split('\n')) {
    // Recv-Q Send-Q Local:Port Peer:Port (the State column is left out when a state is given)
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const peer = f[3];
    const port = Number(peer.slice(peer.lastIndexOf(':') + 1));
    if (peerPorts.has(port)) {
      sendQueue += Number(f[1]);
      established++;
    }
  }
  return { sendQueue, established };
}
