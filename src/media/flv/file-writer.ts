// Records a live stream as an FLV file. Crash-safe: tags are written whole (header, data and PreviousTagSize,
// several tags per writev, one writev in flight, in order), so a file cut at any moment holds complete tags up to
// its end. Writing never blocks the event loop; a disk that falls behind by more than `maxQueuedBytes` stops the
// recording (`failed` is set) rather than growing memory or slowing the stream. close() then
// rewrites the file once with a single onMetaData at the front carrying duration, filesize and a keyframe index
// (keyframes.times / keyframes.filepositions), which ffprobe and seeking players use.
import { closeSync, openSync, writev, writevSync, fstatSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { MediaError } from '../errors.js';
import { parseVideoTag } from '../codec/video-tag.js';
import { streamProperties, type StreamProperties } from './stream-properties.js';
import { readFlvFileTags } from './file-reader.js';
import { decodeScriptData, EcmaArray, encodeScriptData, readLeadingName, type ScriptObject } from './script-data.js';
import { encodeFlvHeader, encodeFlvTag, FLV_HEADER_BYTES, FlvTagType, flvTagBytes } from './tag.js';

export interface FlvFileWriterOptions {
  /** 'create' truncates; 'append' continues an existing file after its last timestamp (FMS publish "append"). */
  readonly mode: 'create' | 'append';
  /** Bytes waiting for the disk above which the recording stops. Defaults to 32 MiB. */
  readonly maxQueuedBytes?: number;
}

const START = FLV_HEADER_BYTES + 4;

export class FlvFileWriter {
  private fd: number | undefined;
  private size: number;
  /** First input timestamp: the file starts at 0 (plus `offsetMs` when appending). */
  private base: number | undefined;
  private offsetMs: number;
  private lastMs = 0;
  private readonly keyframeTimes: number[] = [];
  /** Keyframe positions with the bytes of onMetaData tags before them already subtracted. */
  private readonly keyframePositions: number[] = [];
  private metadataBytes = 0;
  private metadata: ScriptObject = Object.create(null) as ScriptObject;
  private hasAudio = false;
  private hasVideo = false;
  /** What the tags themselves say (codecs, picture size, sample rate), for metadata the publisher left out. */
  private readonly seen: StreamProperties = {};
  /** Whole tags waiting for the disk, in order. */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private writing = false;
  private idle: Array<() => void> = [];
  private maxQueuedBytes = 32 * 1024 * 1024;
  /** Set when the disk failed or fell too far behind: nothing more is written, the file keeps its whole tags. */
  failed: Error | undefined;

  private constructor(readonly path: string, fd: number, size: number, offsetMs: number) {
    this.fd = fd;
    this.size = size;
    this.offsetMs = offsetMs;
  }

  static async open(path: string, options: FlvFileWriterOptions = { mode: 'create' }): Promise<FlvFileWriter> {
    if (options.mode === 'append') {
      const existing = await scanExisting(path);
      if (existing !== undefined) {
        const fd = openSync(path, 'a');
        const size = fstatSync(fd).size;
        const w = new FlvFileWriter(path, fd, existing.endOffset, existing.lastMs);
        if (size !== existing.endOffset) {
          // A crash left a partial last tag: never append after it.
          closeSync(fd);
          const h = await open(path, 'r+');
          await h.truncate(existing.endOffset);
          await h.close();
          w.fd = openSync(path, 'a');
        }
        w.adopt(existing);
        w.maxQueuedBytes = options.maxQueuedBytes ?? w.maxQueuedBytes;
        return w;
      }
    }
    const fd = openSync(path, 'w');
    writevSync(fd, [encodeFlvHeader(true, true)]);
    const w = new FlvFileWriter(path, fd, START, 0);
    w.maxQueuedBytes = options.maxQueuedBytes ?? w.maxQueuedBytes;
    return w;
  }

  private adopt(e: Existing): void {
    this.keyframeTimes.push(...e.keyframeTimes);
    this.keyframePositions.push(...e.keyframePositions);
    this.metadataBytes = e.metadataBytes;
    this.metadata = e.metadata;
    this.hasAudio = e.hasAudio;
    this.hasVideo = e.hasVideo;
    this.lastMs = e.lastMs;
    // Continue just after the last tag so timestamps stay increasing.
    this.offsetMs = e.lastMs + (e.keyframeTimes.length > 0 || e.lastMs > 0 ? 1 : 0);
  }

  /** Bytes written so far. */
  get bytesWritten(): number { return this.size; }

  /** Milliseconds recorded so far (file timeline). */
  get durationMs(): number { return this.lastMs; }

  /**
   * Writes one tag: 8 audio, 9 video, 18 script data (an onMetaData payload replaces the stored metadata, the
   * '@setDataFrame' prefix already stripped). `timestamp` is the live stream's; the file's timeline starts at 0.
   */
  write(type: number, timestamp: number, data: Buffer): void {
    if (this.fd === undefined) throw new MediaError('MEDIA_ERR_CLOSED', 'FLV writer is closed');
    if (type !== FlvTagType.Audio && type !== FlvTagType.Video && type !== FlvTagType.ScriptData) return;
    if (this.failed !== undefined) return;
    const bytes = flvTagBytes(data.length);
    if (this.queuedBytes + bytes > this.maxQueuedBytes) {
      this.failed = new MediaError('MEDIA_ERR_TOO_LARGE', `recording fell ${this.queuedBytes} bytes behind the stream`);
      return;
    }
    let isMetadata = false;
    if (type === FlvTagType.ScriptData) {
      isMetadata = readLeadingName(data)?.name === 'onMetaData';
      if (isMetadata) this.rememberMetadata(data);
    }
    this.base ??= timestamp;
    const ts = Math.max(0, ((timestamp - this.base) | 0)) + this.offsetMs;
    if (type !== FlvTagType.ScriptData) streamProperties(this.seen, type, data);
    if (type === FlvTagType.Video) {
      this.hasVideo = true;
      try {
        const info = parseVideoTag(data);
        if (info.isKeyframe) {
          this.keyframeTimes.push(ts / 1000);
          this.keyframePositions.push(this.size - this.metadataBytes);
        }
      } catch {
        // An unparsable video tag is still recorded; it just is no seek point.
      }
    } else if (type === FlvTagType.Audio) this.hasAudio = true;
    this.queue.push(...encodeFlvTag(type, ts, data));
    this.queuedBytes += bytes;
    this.pump();
    this.size += bytes;
    if (isMetadata) this.metadataBytes += bytes;
    else this.lastMs = Math.max(this.lastMs, ts);
  }

  /** One writev at a time, of everything queued: order kept, tags whole. */
  private pump(): void {
    if (this.writing || this.fd === undefined) return;
    if (this.queue.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    const parts = this.queue;
    const total = this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    this.writing = true;
    // writev takes at most IOV_MAX buffers; a long queue goes out in several calls, still in order.
    const chunk = parts.length > 1020 ? parts.splice(0, 1020) : parts;
    if (chunk !== parts) {
      this.queue = parts;
      this.queuedBytes = total - chunk.reduce((n, b) => n + b.length, 0);
    }
    const expected = chunk === parts ? total : chunk.reduce((n, b) => n + b.length, 0);
    writev(this.fd, chunk, (err, written) => {
      this.writing = false;
      if (err) this.failed = err;
      else if (written !== expected) this.failed = new MediaError('MEDIA_ERR_TRUNCATED', `short write: ${written} of ${expected} bytes`);
      if (this.failed !== undefined) {
        this.queue = [];
        this.queuedBytes = 0;
      }
      this.pump();
    });
  }

  /** Resolves when everything written so far is on its way to the disk (in the kernel's hands). */
  flushed(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private rememberMetadata(data: Buffer): void {
    // Metadata we cannot read is still written as is; the final header just lacks its fields.
    this.metadata = metadataObject(data) ?? this.metadata;
  }

  /** Closes the file and rewrites it with the final onMetaData (duration, filesize, keyframe index). */
  async close(): Promise<void> {
    if (this.fd === undefined) return;
    await this.flushed();
    closeSync(this.fd);
    this.fd = undefined;
    if (this.failed !== undefined) {
      // Tags queued when the disk failed never arrived: take the index from what the file really holds.
      const e = await scanExisting(this.path);
      if (e === undefined) return;
      this.keyframeTimes.splice(0, Infinity, ...e.keyframeTimes);
      this.keyframePositions.splice(0, Infinity, ...e.keyframePositions);
      this.size = e.endOffset;
      this.metadataBytes = e.metadataBytes;
      this.lastMs = e.lastMs;
    }
    const body = this.size - START - this.metadataBytes;
    const build = (metaTagBytes: number): Buffer => {
      const fields: ScriptObject = Object.create(null) as ScriptObject;
      // Derived values first, so the publisher's own onMetaData fields win where it has them.
      for (const [k, v] of Object.entries(this.seen)) if (v !== undefined) fields[k] = v;
      for (const [k, v] of Object.entries(this.metadata)) {
        if (k !== 'duration' && k !== 'filesize' && k !== 'keyframes' && k !== 'lastkeyframetimestamp') fields[k] = v;
      }
      fields.duration = this.lastMs / 1000;
      fields.filesize = START + metaTagBytes + body;
      fields.hasAudio = this.hasAudio;
      fields.hasVideo = this.hasVideo;
      fields.hasKeyframes = this.keyframeTimes.length > 0;
      fields.lastkeyframetimestamp = this.keyframeTimes.at(-1) ?? 0;
      fields.keyframes = { times: this.keyframeTimes, filepositions: this.keyframePositions.map((p) => p + metaTagBytes) };
      return encodeScriptData(['onMetaData', new EcmaArray(fields)]);
    };
    // Every value is a fixed-width double, so the size of the tag does not depend on the values: measure once.
    const meta = build(flvTagBytes(build(0).length));
    const tmp = `${this.path}.finalize`;
    const out = await open(tmp, 'w');
    try {
      const header = encodeFlvHeader(this.hasAudio, this.hasVideo || !this.hasAudio);
      const pending: Buffer[] = [header, ...encodeFlvTag(FlvTagType.ScriptData, 0, meta)];
      let pendingBytes = pending.reduce((n, b) => n + b.length, 0);
      for await (const tag of readFlvFileTags(this.path)) {
        if (tag.type === FlvTagType.ScriptData && readLeadingName(tag.data)?.name === 'onMetaData') continue;
        const parts = encodeFlvTag(tag.type, tag.timestamp, tag.data);
        pending.push(...parts);
        pendingBytes += flvTagBytes(tag.data.length);
        if (pendingBytes >= 1 << 20) { await out.writev(pending); pending.length = 0; pendingBytes = 0; }
      }
      if (pending.length > 0) await out.writev(pending);
    } catch (err) {
      await out.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await out.close();
    await rename(tmp, this.path);
  }
}

/** The object of an onMetaData payload (['onMetaData', {…}]), or undefined when it is unreadable or not an object. */
function metadataObject(data: Buffer): ScriptObject | undefined {
  try {
    const o = decodeScriptData(data)[1];
    if (o !== null && typeof o === 'object' && !Array.isArray(o) && !(o instanceof Date)) return o as ScriptObject;
  } catch {
    // unreadable: the caller keeps what it had
  }
  return undefined;
}

interface Existing {
  endOffset: number;
  lastMs: number;
  keyframeTimes: number[];
  keyframePositions: number[];
  metadataBytes: number;
  metadata: ScriptObject;
  hasAudio: boolean;
  hasVideo: boolean;
}

async function scanExisting(path: string): Promise<Existing | undefined> {
  const e: Existing = {
    endOffset: START, lastMs: 0, keyframeTimes: [], keyframePositions: [], metadataBytes: 0,
    metadata: Object.create(null) as ScriptObject, hasAudio: false, hasVideo: false,
  };
  try {
    for await (const tag of readFlvFileTags(path)) {
      const bytes = flvTagBytes(tag.data.length);
      if (tag.type === FlvTagType.ScriptData && readLeadingName(tag.data)?.name === 'onMetaData') {
        e.metadataBytes += bytes;
        const o = metadataObject(tag.data);
        if (o !== undefined) {
          delete o.keyframes;
          e.metadata = o;
        }
      } else {
        e.lastMs = Math.max(e.lastMs, tag.timestamp);
        if (tag.type === FlvTagType.Audio) e.hasAudio = true;
        if (tag.type === FlvTagType.Video) {
          e.hasVideo = true;
          try {
            if (parseVideoTag(tag.data).isKeyframe) {
              e.keyframeTimes.push(tag.timestamp / 1000);
              e.keyframePositions.push(tag.offset - e.metadataBytes);
            }
          } catch { /* not a seek point */ }
        }
      }
      e.endOffset = tag.offset + bytes;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return e;
}
