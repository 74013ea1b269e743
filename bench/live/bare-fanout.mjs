// bare-node: the live benchmark's reference floor, NOT a server. It is the "bare Node fan-out prototype" of
// issue #5: it gathers a stream's messages and writes them to each player once per video frame (audio rides
// with the next video frame), the least a Node program can do to deliver the stream. It speaks just enough
// RTMP for bench/live's publisher and players (simple handshake; connect, createStream, publish, play) and
// nothing else: no auth, no second stream, no slow-player handling, no error recovery worth the name.
//
// Plain ESM JavaScript so that `node` runs it with exactly the flags Flashback gets (no tsx loader thread); it
// imports Flashback's compiled chunk reader, chunk encoder and AMF command codec from dist/ (built by the bench
// first): the point is a bare FAN-OUT, not a bare parser.
//
// usage: node [flags] bench/live/bare-fanout.mjs --host 127.0.0.1 --port 1935
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import {
  ChunkReader,
  CommandEncoder,
  decodeCommand,
  encodeMessageChunks,
  setChunkSizeMessage,
  setPeerBandwidthMessage,
  userControlMessage,
  windowAckSizeMessage,
  acknowledgementMessage,
  BandwidthLimit,
  UserControlEvent,
} from '../../dist/rtmp/index.js';

const HANDSHAKE = 1536;
// The same session settings as Flashback's defaults, so players ack and chunk the same way.
const CHUNK_SIZE = 4096;
const WINDOW_ACK = 2_500_000;
const STREAM_ID = 1; // every connection gets stream 1: one createStream each in the bench
const CSID_CONTROL = 2, CSID_COMMAND = 3, CSID_STREAM_COMMAND = 5, CSID_AUDIO = 6, CSID_VIDEO = 7;

const { values: opts } = parseArgs({ options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '1935' } } });
const encoder = new CommandEncoder();

const chunk = (csid, typeId, streamId, timestamp, payload) => encodeMessageChunks({ typeId, streamId, timestamp, payload }, CHUNK_SIZE, csid);
const control = (message) => encodeMessageChunks(message, CHUNK_SIZE, CSID_CONTROL);
const command = (csid, streamId, name, tx, obj, args) => chunk(csid, 20, streamId, 0, encoder.command(name, tx, obj, args));
const status = (code, name) =>
  command(CSID_STREAM_COMMAND, STREAM_ID, 'onStatus', 0, null, [{ level: 'status', code, description: `${code} ${name}`, details: name }]);

// The one stream. Header messages are kept chunked; `gop` holds the chunked messages flushed since the last
// keyframe, so a joining player starts on a keyframe at once (as Flashback's and NMS's GOP caches do).
const stream = { metadata: null, videoHeader: null, audioHeader: null, gop: [], pending: [], players: new Set(), flushQueued: false };

/** Writes everything gathered since the last flush, as one Buffer, to each player: one write per player. */
function flush() {
  stream.flushQueued = false;
  const pending = stream.pending;
  if (pending.length === 0) return;
  stream.pending = [];
  const parts = new Array(pending.length);
  for (let i = 0; i < pending.length; i++) {
    const m = pending[i];
    if (m.key) stream.gop.length = 0;
    if (m.key || stream.gop.length > 0) stream.gop.push(m.bytes);
    parts[i] = m.bytes;
  }
  const batch = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  for (const socket of stream.players) socket.write(batch);
}

function onMedia(msg) {
  const p = msg.payload;
  if (msg.typeId === 8) {
    const bytes = chunk(CSID_AUDIO, 8, STREAM_ID, msg.timestamp, p);
    if (p.length > 1 && p[0] >> 4 === 10 && p[1] === 0) stream.audioHeader = bytes; // AAC sequence header
    else stream.pending.push({ bytes, key: false });
    return; // audio waits for the next video frame
  }
  const bytes = chunk(CSID_VIDEO, 9, STREAM_ID, msg.timestamp, p);
  if (p.length > 1 && (p[0] & 0x0f) === 7 && p[1] === 0) {
    stream.videoHeader = bytes; // AVC sequence header
    return;
  }
  stream.pending.push({ bytes, key: p[0] >> 4 === 1 });
  // setImmediate: every frame that arrived in this read goes out in the same write.
  if (!stream.flushQueued) {
    stream.flushQueued = true;
    setImmediate(flush);
  }
}

/** `@setDataFrame onMetaData {…}` from the publisher becomes `onMetaData {…}` for players: drop the first string. */
function onData(msg) {
  const p = msg.payload;
  if (p[0] !== 2) return;
  const n = p.readUInt16BE(1);
  if (p.toString('latin1', 3, 3 + n) !== '@setDataFrame') return;
  stream.metadata = chunk(CSID_STREAM_COMMAND, 18, STREAM_ID, 0, p.subarray(3 + n));
}

function onCommand(socket, msg) {
  const c = decodeCommand(msg);
  switch (c.name) {
    case 'connect':
      socket.write(
        Buffer.concat([
          control(windowAckSizeMessage(WINDOW_ACK)),
          control(setPeerBandwidthMessage(WINDOW_ACK, BandwidthLimit.Dynamic)),
          control(setChunkSizeMessage(CHUNK_SIZE)),
          command(CSID_COMMAND, 0, '_result', c.transactionId, { fmsVer: 'FMS/3,5,7,7009', capabilities: 31 }, [
            { level: 'status', code: 'NetConnection.Connect.Success', description: 'Connection succeeded.', objectEncoding: 0 },
          ]),
        ]),
      );
      return;
    case 'createStream':
      socket.write(command(CSID_COMMAND, 0, '_result', c.transactionId, null, [STREAM_ID]));
      return;
    case 'publish': {
      const name = String(c.args[0]);
      socket.write(Buffer.concat([control(userControlMessage(UserControlEvent.StreamBegin, STREAM_ID)), status('NetStream.Publish.Start', name)]));
      return;
    }
    case 'play': {
      // Join sequence, then the GOP so far, in one write; from the next flush on the player gets every batch.
      const name = String(c.args[0]);
      const join = [control(userControlMessage(UserControlEvent.StreamBegin, STREAM_ID)), status('NetStream.Play.Reset', name), status('NetStream.Play.Start', name)];
      for (const h of [stream.metadata, stream.videoHeader, stream.audioHeader]) if (h !== null) join.push(h);
      socket.write(Buffer.concat([...join, ...stream.gop]));
      stream.players.add(socket);
      return;
    }
    default:
      return; // releaseStream, FCPublish, …: the bench waits for no answer
  }
}

function onConnection(socket) {
  socket.setNoDelay(true);
  const reader = new ChunkReader();
  let handshake = Buffer.alloc(0); // C0C1 then C2; null once done
  let received = 0;
  let acked = 0;
  let ackWindow = 0;
  const onMessage = (msg) => {
    const t = msg.typeId;
    if (t === 8 || t === 9) onMedia(msg);
    else if (t === 18) onData(msg);
    else if (t === 20) onCommand(socket, msg);
    else if (t === 5) ackWindow = msg.payload.readUInt32BE(0);
    // 1 (Set Chunk Size) is applied by the reader; acks, user control, …: nothing to do.
  };
  socket.on('data', (data) => {
    received += data.length;
    if (handshake !== null) {
      // Simple handshake: S0S1S2 once C0C1 is in, then skip C2.
      const had = handshake.length;
      handshake = Buffer.concat([handshake, data]);
      if (had < 1 + HANDSHAKE && handshake.length >= 1 + HANDSHAKE) {
        const s1 = randomBytes(HANDSHAKE);
        s1.fill(0, 0, 8); // time and zero
        socket.write(Buffer.concat([Buffer.from([3]), s1, handshake.subarray(1, 1 + HANDSHAKE)]));
      }
      if (handshake.length < 1 + 2 * HANDSHAKE) return;
      data = handshake.subarray(1 + 2 * HANDSHAKE);
      handshake = null;
    }
    try {
      reader.read(data, onMessage);
    } catch (e) {
      console.error(`bare-fanout: ${e.message}`);
      socket.destroy();
      return;
    }
    if (ackWindow > 0 && received - acked >= ackWindow) {
      acked = received;
      socket.write(control(acknowledgementMessage(received >>> 0)));
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => stream.players.delete(socket));
}

const server = createServer(onConnection);
server.listen(Number(opts.port), opts.host);
process.on('SIGTERM', () => process.exit(0));
