// The group-of-pictures cache: the latest video keyframe and everything after it, so a player that joins
// mid-stream can decode a picture at once. Bounded in bytes; a GOP that outgrows the bound is dropped whole
// (a partial GOP cannot be decoded) until the next keyframe starts a new one.
import type { PreparedMessage } from './prepared-message.js';

export class GopCache {
  private items: PreparedMessage[] = [];
  private bytes = 0;

  /** @param maxBytes payload bytes (the shared encodings add about as much again); 0 turns the cache off. */
  constructor(readonly maxBytes: number) {}

  push(m: PreparedMessage): void {
    if (this.maxBytes <= 0 || m.isSequenceHeader) return;
    if (m.kind === 'video' && m.isKeyframe) {
      this.items = [m];
      this.bytes = m.payload.length;
      if (this.bytes > this.maxBytes) this.clear();
      return;
    }
    if (this.items.length === 0 || m.kind === 'data') return;
    if (this.bytes + m.payload.length > this.maxBytes) {
      this.clear();
      return;
    }
    this.items.push(m);
    this.bytes += m.payload.length;
  }

  /** The cached messages, keyframe first; empty when there is no complete GOP start. */
  get messages(): readonly PreparedMessage[] {
    return this.items;
  }

  /** Payload bytes held. */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.items = [];
    this.bytes = 0;
  }
}
