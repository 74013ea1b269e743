// The live StreamEventHandler: publish and play flows with FMS's status sequences, fan-out through LiveStream,
// pause/receiveAudio/receiveVideo, recording, and cleanup when streams close or connections go.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { encodeMessageBatch, encodeMessageChunks, type RtmpMessage } from '../../rtmp/index.js';
import { FlvFileWriter, splitAggregate } from '../../media/index.js';
import type { ClientConnection } from '../connection.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { PlayStreamEvent, PublishStreamEvent, StreamEvent, StreamEventHandler, StreamHandlerResult } from '../stream-handler.js';
import { LivePlayer } from './live-player.js';
import type { LiveSink, LiveStream } from './live-stream.js';
import type { ChunkEncoder } from './prepared-message.js';
import { sessionSignals, type Signals } from './signals.js';
import { playDurationMs, playStartMode } from './play-start.js';
import { LiveStatus } from './status.js';
import { StreamRegistry } from './stream-registry.js';

export interface LiveOptions {
  /** GOP cache bound in payload bytes; 0 turns it off (lowest latency, no instant picture). Defaults to 4 MiB. */
  readonly gopCacheBytes: number;
  /**
   * Bytes queued in Node for a player (beyond the kernel's full socket buffer) above which it skips to the next
   * keyframe; never below the stream's largest frame plus 64 KiB. Defaults to 128 KiB.
   */
  readonly playerBacklogBytes: number;
  /** A player behind this long is disconnected, ms (0: never). Defaults to 10,000. */
  readonly laggingDisconnectMs: number;
  /** Audio messages held for the next video frame before a write anyway. Defaults to 8. */
  readonly maxHeldMessages: number;
  /** Stream time audio is held for the next video frame at most, ms. Defaults to 100. */
  readonly maxHoldMs: number;
  /**
   * From this many players on a stream, video frames are written to players in pairs (one socket write per two
   * frames; a frame waits at most `maxGatherMs`): less CPU for a large fan-out, up to one frame interval more
   * latency (measured at 500 players: ~25% less CPU per GB, p99 latency ~55 ms instead of ~12 ms). 0 never
   * gathers. Defaults to 0: off, latency first.
   */
  readonly gatherMinPlayers: number;
  /** Longest a video frame waits for the next one when gathering, ms. Defaults to 45. */
  readonly maxGatherMs: number;
  /**
   * Players in step with the stream take each batch whole after one backlog check instead of being offered every
   * message (see LivePlayer). The output is the same either way; false costs more CPU per player and exists to
   * prove that and to rule the grouping out when chasing a problem. Defaults to true.
   */
  readonly groupInStepPlayers: boolean;
  /** Record every live stream (as publish "record" does) into the instance's media folder. Defaults to false. */
  readonly recordAll: boolean;
  /** Folder recordings go to; `undefined` uses the instance's mediaDir. */
  readonly recordDir: string | undefined;
  /** Bytes a recording may fall behind the stream (slow disk) before it stops. Defaults to 32 MiB. */
  readonly recordQueueBytes: number;
  /**
   * A play whose `start` asks for a recording only (>= 0): 'live' plays the live stream all the same (as
   * nginx-rtmp does; rtmpdump without --live sends 0), 'notFound' answers NetStream.Play.StreamNotFound as FMS
   * does when there is no recording (recordings are the VOD handler's). Defaults to 'live'.
   */
  readonly recordedStart: 'live' | 'notFound';
  /** |RtmpSampleAccess sent to players (FMS: both false unless the application allows it). */
  readonly sampleAccess: { readonly audio: boolean; readonly video: boolean };
  /**
   * Send FMS's `onStatus` NetStream.Data.Start data message after Play.Start. Flash raises it as a NetStatusEvent
   * that applications rarely use, while ffmpeg's FLV demuxer turns the unknown data message into an extra
   * "Data: none" stream (which breaks `-map 0` remuxes). Defaults to false.
   */
  readonly dataStartStatus: boolean;
  readonly now: () => number;
  /** Timer for cutting off players behind on a quiet stream; injectable for tests. */
  readonly schedule: (fn: () => void, ms: number) => void;
  readonly logger: Logger;
  /** Injectable for tests. */
  readonly encode: ChunkEncoder;
  readonly defer: (fn: () => void) => void;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = Object.freeze({
  gopCacheBytes: 4 * 1024 * 1024,
  playerBacklogBytes: 128 * 1024,
  laggingDisconnectMs: 10_000,
  maxHeldMessages: 8,
  maxHoldMs: 100,
  gatherMinPlayers: 0,
  maxGatherMs: 45,
  groupInStepPlayers: true,
  recordAll: false,
  recordDir: undefined,
  recordQueueBytes: 32 * 1024 * 1024,
  recordedStart: 'live',
  sampleAccess: { audio: false, video: false },
  dataStartStatus: false,
  now: () => Date.now(),
  schedule: (fn: () => void, ms: number) => void setTimeout(fn, ms).unref(),
  logger: silentLogger,
  encode: encodeMessageChunks,
  defer: (fn: () => void) => void setImmediate(fn),
});

interface PublishState {
  readonly stream: LiveStream;
  readonly recorder: FlvFileWriter | undefined;
}

interface ConnState {
  readonly publishing: Map<number, PublishState>;
  readonly playing: Map<number, { readonly stream: LiveStream; readonly player: LivePlayer }>;
}

/**
 * Where a recording goes: `<dir>/<path>` for the default instance, `<dir>/<instance>/<path>` for others (as FMS
 * keeps one streams folder per instance), so live/x and live/y never write the same file. Undefined if the
 * result would leave `dir` (names and instances are checked upstream; this is the last guard).
 */
export function recordingPath(dir: string, instance: string, streamPath: string): string | undefined {
  const base = resolve(dir);
  const path = resolve(base, instance === '_definst_' ? '.' : instance, streamPath);
  return path.startsWith(base + sep) ? path : undefined;
}

export class LiveStreamHandler implements StreamEventHandler {
  readonly options: LiveOptions;
  readonly registry: StreamRegistry;
  private readonly conns = new Map<ClientConnection, ConnState>();
  private readonly signals: Signals;

  constructor(options: Partial<LiveOptions> = {}) {
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
    this.registry = new StreamRegistry({
      gopCacheBytes: this.options.gopCacheBytes,
      maxHeldMessages: this.options.maxHeldMessages,
      maxHoldMs: this.options.maxHoldMs,
      encode: this.options.encode,
      // The batch encoder writes the same bytes as the default per-message encoder; an injected one (tests) is
      // concatenated instead.
      encodeBatch: this.options.encode === encodeMessageChunks ? encodeMessageBatch : undefined,
      defer: this.options.defer,
      gatherMinPlayers: this.options.gatherMinPlayers,
      maxGatherMs: this.options.maxGatherMs,
      groupInStepPlayers: this.options.groupInStepPlayers,
      schedule: this.options.schedule,
    });
    this.signals = sessionSignals;
  }

  handle(conn: ClientConnection, event: StreamEvent): StreamHandlerResult | Promise<StreamHandlerResult> {
    switch (event.type) {
      case 'mediaReceived':
        return this.media(conn, event.message);
      case 'publishRequested':
        return this.publish(conn, event);
      case 'playRequested':
        return this.play(conn, event);
      case 'closeStreamRequested':
        return this.closeStream(conn, event.streamId, true);
      case 'streamDeleted':
        return this.closeStream(conn, event.streamId, false);
      case 'pauseRequested':
        return this.pause(conn, event.streamId, event.paused);
      case 'seekRequested': {
        const playing = this.state(conn).playing.get(event.streamId);
        if (playing) playing.player.control(this.signals.status(conn, event.streamId, LiveStatus.SeekFailed, playing.player.requestedName));
        return;
      }
      case 'receiveAudioChanged':
      case 'receiveVideoChanged': {
        const playing = this.state(conn).playing.get(event.streamId);
        if (playing === undefined) return;
        if (event.type === 'receiveAudioChanged') playing.player.receiveAudio = event.enabled;
        else {
          // Video back on: start again at a keyframe, never on a frame that needs the ones skipped.
          if (event.enabled && !playing.player.receiveVideo) playing.player.waitKeyframe = true;
          playing.player.receiveVideo = event.enabled;
        }
        return;
      }
      // The session answers releaseStream/FCPublish/FCUnpublish itself (_result, onFCPublish, onFCUnpublish);
      // the stream ends with closeStream/deleteStream/disconnect.
      case 'releaseStreamRequested':
      case 'fcPublishRequested':
      case 'fcUnpublishRequested':
      case 'bufferLengthSet':
        return;
      default: {
        const never: never = event;
        return never;
      }
    }
  }

  disconnected(conn: ClientConnection): void {
    const st = this.conns.get(conn);
    if (st === undefined) return;
    for (const id of [...st.publishing.keys()]) this.unpublish(conn, id, false);
    for (const id of [...st.playing.keys()]) this.stopPlaying(conn, id);
    this.conns.delete(conn);
  }

  private state(conn: ClientConnection): ConnState {
    let st = this.conns.get(conn);
    if (st === undefined) {
      st = { publishing: new Map(), playing: new Map() };
      this.conns.set(conn, st);
    }
    return st;
  }

  // ---- publish ------------------------------------------------------------------------------------------------

  private async publish(conn: ClientConnection, event: PublishStreamEvent): Promise<boolean> {
    const st = this.state(conn);
    // A new publish on the same NetStream replaces what it did before (FMS).
    if (st.publishing.has(event.streamId)) this.unpublish(conn, event.streamId, false);
    if (st.playing.has(event.streamId)) this.stopPlaying(conn, event.streamId);
    const stream = this.registry.getOrCreate(conn.instance, event.stream.name);
    if (stream.publisher !== undefined) {
      conn.push(this.signals.status(conn, event.streamId, LiveStatus.PublishBadName, event.name));
      this.registry.release(conn.instance, stream);
      return false;
    }
    stream.publisher = { conn, streamId: event.streamId, requestedName: event.name };
    let recorder: FlvFileWriter | undefined;
    const record = event.mode === 'record' || event.mode === 'append' || this.options.recordAll;
    if (record) {
      const path = recordingPath(this.options.recordDir ?? conn.instance.mediaDir, conn.instance.name, event.stream.path);
      try {
        if (path === undefined) throw new Error('recording path leaves the media folder');
        await mkdir(dirname(path), { recursive: true });
        recorder = await FlvFileWriter.open(path, {
          mode: event.mode === 'append' ? 'append' : 'create',
          maxQueuedBytes: this.options.recordQueueBytes,
        });
      } catch (err) {
        this.options.logger.warn({ err, path }, 'cannot record');
        conn.push(this.signals.status(conn, event.streamId, LiveStatus.RecordNoAccess, event.name));
      }
      if (conn.closed) {
        await recorder?.close();
        stream.resetPublisherState();
        this.registry.release(conn.instance, stream);
        return false;
      }
    }
    stream.sink = recorder && this.recordingSink(conn, event.streamId, event.name, recorder);
    st.publishing.set(event.streamId, { stream, recorder });
    conn.push([
      ...this.signals.streamBegin(conn, event.streamId),
      ...this.signals.status(conn, event.streamId, LiveStatus.PublishStart, event.name),
      ...(recorder ? this.signals.status(conn, event.streamId, LiveStatus.RecordStart, event.name) : []),
    ]);
    for (const p of stream.players) {
      p.waitKeyframe = true;
      p.control([
        ...this.signals.streamBegin(p.conn, p.streamId),
        ...this.signals.status(p.conn, p.streamId, LiveStatus.PlayPublishNotify, p.requestedName),
      ]);
    }
    return true;
  }

  /** The recorder as the stream's sink; tells the publisher once (NetStream.Record.Failed) if the disk gives up. */
  private recordingSink(conn: ClientConnection, streamId: number, name: string, recorder: FlvFileWriter): LiveSink {
    let reported = false;
    return {
      write: (typeId, timestamp, payload) => {
        recorder.write(typeId, timestamp, payload);
        if (recorder.failed === undefined || reported) return;
        reported = true;
        this.options.logger.warn({ err: recorder.failed, path: recorder.path }, 'recording stopped');
        if (!conn.closed) conn.push(this.signals.status(conn, streamId, LiveStatus.RecordFailed, name));
      },
    };
  }

  private media(conn: ClientConnection, message: RtmpMessage): void {
    const pub = this.conns.get(conn)?.publishing.get(message.streamId);
    // Media of a refused or unknown publish never reaches a stream.
    if (pub === undefined) return;
    if (message.typeId === 22) {
      let tags;
      try {
        tags = splitAggregate(message.payload, message.timestamp);
      } catch (err) {
        this.options.logger.debug({ err }, 'bad aggregate message dropped');
        return;
      }
      for (const t of tags) pub.stream.ingest({ typeId: t.type, streamId: message.streamId, timestamp: t.timestamp, payload: t.data });
      return;
    }
    pub.stream.ingest(message);
  }

  private unpublish(conn: ClientConnection, streamId: number, tellPublisher: boolean): void {
    const st = this.conns.get(conn);
    const pub = st?.publishing.get(streamId);
    if (st === undefined || pub === undefined) return;
    st.publishing.delete(streamId);
    const { stream, recorder } = pub;
    const name = stream.publisher?.requestedName ?? stream.name;
    stream.flush();
    stream.sink = undefined;
    stream.resetPublisherState();
    if (recorder) {
      recorder.close().catch((err: unknown) => this.options.logger.error({ err, path: recorder.path }, 'closing recording failed'));
    }
    if (tellPublisher && !conn.closed) {
      conn.push([
        ...(recorder ? this.signals.status(conn, streamId, LiveStatus.RecordStop, name) : []),
        ...this.signals.status(conn, streamId, LiveStatus.UnpublishSuccess, name),
      ]);
    }
    for (const p of stream.players) {
      p.waitKeyframe = true;
      p.control([
        ...this.signals.status(p.conn, p.streamId, LiveStatus.PlayUnpublishNotify, p.requestedName),
        ...this.signals.streamEof(p.conn, p.streamId),
      ]);
    }
    this.registry.release(conn.instance, stream);
  }

  // ---- play ---------------------------------------------------------------------------------------------------

  private play(conn: ClientConnection, event: PlayStreamEvent): boolean {
    if (playStartMode(event.start) === 'recorded' && this.options.recordedStart === 'notFound') {
      conn.push(this.signals.status(conn, event.streamId, LiveStatus.PlayStreamNotFound, event.name));
      return false;
    }
    const st = this.state(conn);
    if (st.playing.has(event.streamId)) this.stopPlaying(conn, event.streamId);
    if (st.publishing.has(event.streamId)) this.unpublish(conn, event.streamId, false);
    const stream = this.registry.getOrCreate(conn.instance, event.stream.name);
    const player = new LivePlayer(conn, event.streamId, event.name, {
      backlogBytes: this.options.playerBacklogBytes,
      laggingDisconnectMs: this.options.laggingDisconnectMs,
      now: this.options.now,
      schedule: this.options.schedule,
      durationMs: playDurationMs(event.duration),
      onLagging: (p) => p.control(this.signals.status(p.conn, p.streamId, LiveStatus.PlayInsufficientBW, p.requestedName)),
      // play(name, start, len > 0): the player got `len` ms of the stream; FMS stops it with Play.Stop.
      onDurationReached: (p) => {
        p.control([
          ...this.signals.status(p.conn, p.streamId, LiveStatus.PlayStop, p.requestedName),
          ...this.signals.streamEof(p.conn, p.streamId),
        ]);
        this.stopPlaying(p.conn, p.streamId);
      },
    });
    const sa = this.options.sampleAccess;
    conn.push([
      ...this.signals.streamBegin(conn, event.streamId),
      ...(event.reset ? this.signals.status(conn, event.streamId, LiveStatus.PlayReset, event.name) : []),
      ...this.signals.status(conn, event.streamId, LiveStatus.PlayStart, event.name),
      ...this.signals.data(conn, event.streamId, '|RtmpSampleAccess', [sa.audio, sa.video]),
      // FMS follows with onStatus NetStream.Data.Start as a data message (opt-in: see LiveOptions.dataStartStatus).
      ...(this.options.dataStartStatus ? this.signals.data(conn, event.streamId, 'onStatus', [{ code: 'NetStream.Data.Start' }]) : []),
    ]);
    stream.addPlayer(player);
    st.playing.set(event.streamId, { stream, player });
    this.join(stream, player);
    return true;
  }

  /** Metadata, sequence headers and the GOP, written at once so the first picture decodes right away. */
  private join(stream: LiveStream, player: LivePlayer): void {
    if (stream.publisher === undefined) {
      player.waitKeyframe = true;
      return;
    }
    const first = stream.joinMessages();
    for (const m of first) player.queue(m);
    player.waitKeyframe = !first.some((m) => m.isKeyframe) && stream.hasVideo;
    player.flush();
  }

  private stopPlaying(conn: ClientConnection, streamId: number): void {
    const st = this.conns.get(conn);
    const playing = st?.playing.get(streamId);
    if (st === undefined || playing === undefined) return;
    st.playing.delete(streamId);
    playing.player.discard();
    playing.stream.removePlayer(playing.player);
    this.registry.release(conn.instance, playing.stream);
  }

  private pause(conn: ClientConnection, streamId: number, paused: boolean): void {
    const playing = this.conns.get(conn)?.playing.get(streamId);
    if (playing === undefined) return;
    const { player, stream } = playing;
    if (paused === player.paused) return;
    if (paused) {
      player.control(this.signals.status(conn, streamId, LiveStatus.PauseNotify, player.requestedName));
      player.paused = true;
      player.discard();
      conn.push(this.signals.streamEof(conn, streamId));
      return;
    }
    player.paused = false;
    // FMS order: Unpause.Notify, then StreamBegin (pause was Pause.Notify, then StreamEOF).
    conn.push([
      ...this.signals.status(conn, streamId, LiveStatus.UnpauseNotify, player.requestedName),
      ...this.signals.streamBegin(conn, streamId),
    ]);
    // Resume at the live point with the current GOP, as on join.
    if (stream.publisher !== undefined) {
      const gop = stream.gop.messages;
      for (const m of gop) player.queue(m);
      player.waitKeyframe = gop.length === 0 && stream.hasVideo;
      player.flush();
    }
  }

  private closeStream(conn: ClientConnection, streamId: number, tellPublisher: boolean): void {
    this.unpublish(conn, streamId, tellPublisher);
    this.stopPlaying(conn, streamId);
  }

  /** Counts for tests and the admin API: streams, publishing streams, players, messages relayed. */
  stats(): { streams: number; publishers: number; players: number; messages: number } {
    let players = 0;
    for (const st of this.conns.values()) players += st.playing.size;
    let publishers = 0;
    let messages = 0;
    for (const s of this.registry.all()) {
      if (s.publisher !== undefined) publishers++;
      messages += s.messages;
    }
    return { streams: this.registry.size, publishers, players, messages };
  }
}
