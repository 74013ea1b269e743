// instance.broadcast: one call (transaction id 0, no answer expected) encoded once per AMF encoding and once per
// outgoing chunk size, and the same bytes written to every client of the instance (FMS/Red5 rooms of thousands).
//
// The bytes are chunked statelessly (a fmt 0 first chunk, fmt 3 continuations) on BROADCAST_CSID, a chunk stream
// the session never writes on: the session's own header compression on csid 3 is untouched, so its later
// _result/_error and calls stay correct. Every message goes out whole, so the interleaving with the session's
// writes is safe, and the connection writes in call order, so a broadcast never overtakes what was sent before.
import type { AmfEncodeOptions, AmfValue } from '../../amf/index.js';
import {
  AMF0_FORMAT,
  AMF3_FORMAT,
  type BodyFormat,
  ChunkStreamId,
  CommandEncoder,
  encodeMessageChunks,
  MAX_MESSAGE_LENGTH,
  MessageType,
  type RtmpMessage,
  type SessionState,
} from '../../rtmp/index.js';
import { EncodingCache } from '../encoding-cache.js';
import { ServerError } from '../errors.js';

/**
 * The chunk stream broadcasts go out on. Sessions write on 2 (protocol/user control), 3 (NetConnection commands),
 * 4 (their own media) and 5 (NetStream commands/data); the live fan-out owns 6 and 7. 8 is the first free id
 * that still takes a one-byte basic header.
 */
export const BROADCAST_CSID = ChunkStreamId.Broadcast;

/** What broadcast needs from a connection to hand it shared bytes (RtmpConnection has this shape). */
export interface SharedCallTarget {
  /** True once the connection is closing or closed. */
  readonly closed: boolean;
  readonly session: {
    readonly state: SessionState;
    /** 0: the call goes as command type 20 (AMF0); 3: type 17 with AMF3 values. */
    readonly objectEncoding: 0 | 3;
    /** The chunk size of what is written to this client. */
    readonly outgoingChunkSize: number;
  };
  /** Writes complete chunked messages in order behind earlier output; false above the high-water mark. */
  writeShared(bytes: Buffer): boolean;
}

/** How a broadcast is encoded; injectable so tests count encodings. */
export interface BroadcastCodec {
  /** The command body: name, transaction id 0, null command object, arguments. */
  body(method: string, args: readonly AmfValue[], format: BodyFormat): Buffer;
  /** The whole message as chunks on `chunkStreamId` (stateless, fmt 0 first). */
  chunks(message: RtmpMessage, chunkSize: number, chunkStreamId: number): Buffer;
}

/** A codec on its own CommandEncoder (`amfEncode` as the sessions' config: class registry, depth). */
export function createBroadcastCodec(amfEncode: Omit<AmfEncodeOptions, 'amf3'> = {}): BroadcastCodec {
  // Detached bodies: no copy out of the writer; a body is only read by the chunking right after.
  const encoder = new CommandEncoder(amfEncode, true);
  return {
    body: (method, args, format) => encoder.command(method, 0, null, args, format),
    chunks: encodeMessageChunks,
  };
}

/** One encoding of the call, chunked lazily per chunk size (usually one: the server's); stream id always 0. */
function encodeCall(codec: BroadcastCodec, method: string, args: readonly AmfValue[], amf3: boolean): EncodingCache {
  const payload = codec.body(method, args, amf3 ? AMF3_FORMAT : AMF0_FORMAT);
  if (payload.length > MAX_MESSAGE_LENGTH) {
    throw new ServerError('SERVER_ERR_LIMIT', `broadcast '${method.slice(0, 64)}' is ${payload.length} bytes, more than an RTMP message holds`);
  }
  const typeId = amf3 ? MessageType.CommandAmf3 : MessageType.CommandAmf0;
  const message: RtmpMessage = { typeId, streamId: 0, timestamp: 0, payload };
  return new EncodingCache((chunkSize) => codec.chunks(message, chunkSize, BROADCAST_CSID));
}

/** A broadcast with its bodies encoded and its recipients chosen, ready to write. */
export interface PreparedBroadcast {
  deliver(): void;
}

/**
 * Chooses the recipients and encodes the bodies (an AMF error throws here, before any client got anything).
 * `targetOf` gives a client's shared-write view, or undefined for a client that only has notify (another kind of
 * transport): that one gets its own per-client call. Clients not connected yet, or closed, are skipped.
 */
export function prepareBroadcast<C>(
  clients: Iterable<C>,
  targetOf: (client: C) => SharedCallTarget | undefined,
  notify: (client: C) => void,
  method: string,
  args: readonly AmfValue[],
  codec: BroadcastCodec,
): PreparedBroadcast {
  const targets: SharedCallTarget[] = [];
  let others: C[] | undefined;
  let amf0 = false;
  let amf3 = false;
  for (const client of clients) {
    const t = targetOf(client);
    if (t === undefined) {
      (others ??= []).push(client);
      continue;
    }
    if (t.closed || t.session.state !== 'connected') continue;
    targets.push(t);
    if (t.session.objectEncoding === 3) amf3 = true;
    else amf0 = true;
  }
  const call0 = amf0 ? encodeCall(codec, method, args, false) : undefined;
  const call3 = amf3 ? encodeCall(codec, method, args, true) : undefined;
  return {
    deliver() {
      for (const t of targets) {
        // An earlier write may have dropped this one (write queue over its limit, and a hook that closed others).
        if (t.closed) continue;
        const s = t.session;
        const call = (s.objectEncoding === 3 ? call3 : call0) as EncodingCache;
        // Same policy as a per-client notify: never dropped at the high-water mark (a call is not a droppable
        // frame); the connection itself drops a client whose queue passes maxWriteQueueBytes.
        t.writeShared(call.get(s.outgoingChunkSize, 0));
      }
      if (others !== undefined) for (const c of others) notify(c);
    },
  };
}
