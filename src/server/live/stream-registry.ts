// Live streams by application instance and name. Instances are isolated: 'a' in live/x is not 'a' in live/y.
import type { AppInstance } from '../application.js';
import { LiveStream, type LiveStreamOptions } from './live-stream.js';

export class StreamRegistry {
  private readonly byInstance = new Map<AppInstance, Map<string, LiveStream>>();

  constructor(private readonly options: LiveStreamOptions) {}

  get(instance: AppInstance, name: string): LiveStream | undefined {
    return this.byInstance.get(instance)?.get(name);
  }

  getOrCreate(instance: AppInstance, name: string): LiveStream {
    let streams = this.byInstance.get(instance);
    if (streams === undefined) {
      streams = new Map();
      this.byInstance.set(instance, streams);
    }
    let s = streams.get(name);
    if (s === undefined) {
      s = new LiveStream(name, this.options);
      streams.set(name, s);
    }
    return s;
  }

  /** Drops the stream when nobody publishes or plays it any more. */
  release(instance: AppInstance, stream: LiveStream): void {
    if (!stream.idle) return;
    const streams = this.byInstance.get(instance);
    if (streams?.get(stream.name) !== stream) return;
    streams.delete(stream.name);
    if (streams.size === 0) this.byInstance.delete(instance);
  }

  /** Streams of an instance (admin, tests). */
  list(instance: AppInstance): LiveStream[] {
    return [...(this.byInstance.get(instance)?.values() ?? [])];
  }

  /** Every stream of every instance. */
  *all(): IterableIterator<LiveStream> {
    for (const m of this.byInstance.values()) yield* m.values();
  }

  get size(): number {
    let n = 0;
    for (const m of this.byInstance.values()) n += m.size;
    return n;
  }
}
