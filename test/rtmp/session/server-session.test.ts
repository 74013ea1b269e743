import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AmfEcmaArray, createClassRegistry } from '../../../src/amf/index.js';
import {
  ChunkReader,
  decodeCommand,
  MessageType,
  type RtmpMessage,
  ServerSession,
  UserControlEvent,
} from '../../../src/rtmp/index.js';
import { connectedPair, pair } from './pair.js';

/** Both sides' handshake bytes: C0+C1+C2 and S0+S1+S2. */
const HANDSHAKE_BYTES = 1 + 2 * 1536;

/** Decodes one side's whole byte log into messages (header compression needs the log from the start). */
function messagesIn(bytes: Buffer[]): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  new ChunkReader().read(Buffer.concat(bytes).subarray(HANDSHAKE_BYTES), (m) => out.push(m));
  return out;
}

describe('ServerSession with a ClientSession (pair)', () => {
  for (const byteByByte of [false, true]) {
    it(`completes the digest handshake and connect${byteByByte ? ' byte by byte' : ''}`, () => {
      const p = pair({ byteByByte });
      assert.deepEqual(p.serverEvent('handshakeCompleted'), { type: 'handshakeCompleted', digest: true });
      assert.equal(p.clientEvent('handshakeCompleted').digest, true);
      p.fromClient(p.client.connect({ app: 'live/room', tcUrl: 'rtmp://h/live/room', objectEncoding: 0 }, 'token', 7));
      const req = p.serverEvent('connectRequested');
      assert.equal(req.request.app, 'live/room');
      assert.equal(req.request.tcUrl, 'rtmp://h/live/room');
      assert.equal(req.request.transactionId, 1);
      assert.deepEqual(req.request.args, ['token', 7]);
      assert.equal(p.server.state, 'connectPending');
      p.fromServer(p.server.accept(req.requestId, { information: { clientid: 'abc' } }));
      const connected = p.clientEvent('connected');
      assert.deepEqual(connected.properties, { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1 });
      const data = new AmfEcmaArray();
      data.version = '3,5,7,7009';
      assert.deepEqual(connected.information, {
        level: 'status',
        code: 'NetConnection.Connect.Success',
        description: 'Connection succeeded.',
        data,
        clientid: 'abc',
        objectEncoding: 0,
      });
      assert.equal(p.server.state, 'connected');
      assert.equal(p.client.state, 'connected');
    });
  }

  it('answers connect like FMS: Window Ack Size, Set Peer Bandwidth (dynamic), Set Chunk Size, then _result', () => {
    const p = pair();
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live' }));
    p.fromServer(p.server.accept(p.serverEvent('connectRequested').requestId));
    const msgs = messagesIn(p.serverBytes);
    assert.deepEqual(msgs.map((m) => m.typeId), [5, 6, 1, 20]);
    assert.equal(msgs[0].payload.readUInt32BE(0), 2_500_000);
    assert.deepEqual([...msgs[1].payload], [0x00, 0x26, 0x25, 0xa0, 2]);
    assert.equal(msgs[2].payload.readUInt32BE(0), 4096);
    const result = decodeCommand(msgs[3]);
    assert.equal(result.name, '_result');
    assert.equal(result.transactionId, 1);
    assert.equal(p.server.outgoingChunkSize, 4096);
  });

  it('can send StreamBegin 0 before Set Chunk Size when accepting (streamBeginOnConnect)', () => {
    const p = pair({ server: { streamBeginOnConnect: true } });
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live' }));
    p.fromServer(p.server.accept(p.serverEvent('connectRequested').requestId));
    const msgs = messagesIn(p.serverBytes);
    assert.deepEqual(msgs.map((m) => m.typeId), [5, 6, 4, 1, 20]);
    assert.deepEqual([...msgs[2].payload], [0, 0, 0, 0, 0, 0]);
  });

  it('keeps chunk sizes per direction: the peer’s Set Chunk Size changes only how we read', () => {
    const p = pair({ client: { chunkSize: 1000 } });
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live' }));
    assert.equal(p.server.incomingChunkSize, 1000);
    assert.equal(p.server.outgoingChunkSize, 128);
    p.fromServer(p.server.accept(p.serverEvent('connectRequested').requestId));
    assert.equal(p.server.outgoingChunkSize, 4096);
    assert.equal(p.client.incomingChunkSize, 4096);
    assert.equal(p.server.incomingChunkSize, 1000);
  });

  it('echoes fourCcList through accept properties (Enhanced RTMP)', () => {
    const p = pair();
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live', fourCcList: ['av01', 'hvc1'] }));
    const req = p.serverEvent('connectRequested');
    assert.deepEqual(req.request.commandObject.fourCcList, ['av01', 'hvc1']);
    p.fromServer(p.server.accept(req.requestId, { properties: { fourCcList: ['hvc1'] } }));
    assert.deepEqual(p.clientEvent('connected').properties, { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1, fourCcList: ['hvc1'] });
  });

  it('holds what a client pipelines behind connect until the connect is accepted', () => {
    const p = pair();
    const connect = p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live' });
    // The client session refuses createStream before it is connected; write one by hand after connect.
    const createStream = Buffer.from('03000000000019140000000002000c63726561746553747265616d00400000000000000005', 'hex');
    const sends = connect.filter((o) => o.kind === 'send').map((o) => (o.kind === 'send' ? o.bytes : Buffer.alloc(0)));
    const out = p.server.receive(Buffer.concat([...sends, createStream]));
    assert.deepEqual(out.filter((o) => o.kind === 'event').map((o) => o.kind === 'event' && o.event.type), ['connectRequested']);
    assert.equal(out.filter((o) => o.kind === 'send').length, 0, 'nothing answered before accept');
    const req = out.find((o) => o.kind === 'event');
    const accepted = p.server.accept(req?.kind === 'event' && req.event.type === 'connectRequested' ? req.event.requestId : -1);
    const kinds = accepted.map((o) => (o.kind === 'event' ? o.event.type : 'send'));
    assert.deepEqual(kinds, ['send', 'send', 'send', 'send', 'send', 'streamCreated']);
  });

  it('refuses too many messages before the connect is answered', () => {
    const p = pair({ server: { maxHeldMessages: 2 } });
    p.fromClient(p.client.connect({ app: 'live', tcUrl: 'rtmp://h/live' }));
    const one = Buffer.from('03000000000019140000000002000c63726561746553747265616d00400000000000000005', 'hex');
    const more = Buffer.from('430000000000191402000c63726561746553747265616d00400000000000000005', 'hex');
    const out = p.server.receive(Buffer.concat([one, more, more]));
    assert.equal(out.at(-1)?.kind === 'event' && out.at(-1)?.kind === 'event' && (out.at(-1) as { event: { code?: string } }).event.code, 'RTMP_ERR_TOO_MANY_PENDING_REQUESTS');
  });

  it('rejects a connect with _error and closes the session', () => {
    const p = pair();
    p.fromClient(p.client.connect({ app: 'nope', tcUrl: 'rtmp://h/nope' }));
    p.fromServer(p.server.reject(p.serverEvent('connectRequested').requestId, 'NetConnection.Connect.InvalidApp', 'No such app.'));
    assert.deepEqual(p.clientEvent('connectRejected').information, {
      level: 'error',
      code: 'NetConnection.Connect.InvalidApp',
      description: 'No such app.',
    });
    assert.equal(p.server.state, 'closed');
    assert.deepEqual(p.server.receive(Buffer.from([3, 0, 0])), []);
  });

  it('rejects with extra fields (redirect)', () => {
    const p = pair();
    p.fromClient(p.client.connect({ app: 'a', tcUrl: 'rtmp://h/a' }));
    p.fromServer(p.server.reject(p.serverEvent('connectRequested').requestId, 'NetConnection.Connect.Rejected', 'Moved.', {
      ex: { code: 302, redirect: 'rtmp://other/a' },
    }));
    assert.deepEqual((p.clientEvent('connectRejected').information as Record<string, unknown>).ex, { code: 302, redirect: 'rtmp://other/a' });
  });

  it('creates, publishes to, and deletes a stream; media arrives as mediaReceived', () => {
    const p = connectedPair();
    const { callId, outputs } = p.client.createStream();
    p.fromClient(outputs);
    assert.deepEqual(p.serverEvent('streamCreated'), { type: 'streamCreated', streamId: 1 });
    assert.deepEqual(p.clientEvent('streamCreated'), { type: 'streamCreated', callId, streamId: 1 });
    p.fromClient(p.client.publish(1, 'cam?key=s3cret', 'record'));
    const pub = p.serverEvent('publishRequested');
    assert.equal(pub.name, 'cam?key=s3cret');
    assert.equal(pub.mode, 'record');
    assert.equal(pub.streamId, 1);
    p.fromServer(p.server.sendStatus(1, { level: 'status', code: 'NetStream.Publish.Start', description: 'ok' }));
    assert.deepEqual(p.clientEvent('status'), {
      type: 'status',
      streamId: 1,
      info: { level: 'status', code: 'NetStream.Publish.Start', description: 'ok' },
    });
    const frame = Buffer.alloc(10_000, 0x17);
    p.fromClient(p.client.sendMessage({ typeId: MessageType.Video, streamId: 1, timestamp: 40, payload: frame }));
    const media = p.serverEvent('mediaReceived').message;
    assert.equal(media.typeId, 9);
    assert.equal(media.timestamp, 40);
    assert.deepEqual(media.payload, frame);
    p.fromClient(p.client.deleteStream(1));
    assert.deepEqual(p.serverEvent('streamDeleted'), { type: 'streamDeleted', streamId: 1 });
    assert.equal(p.server.openStreams.size, 0);
  });

  it('drops media on a stream that was never created', () => {
    const p = connectedPair();
    p.fromClient(p.client.sendMessage({ typeId: MessageType.Audio, streamId: 5, timestamp: 0, payload: Buffer.from([0xaf, 1]) }));
    assert.equal(p.serverEvents.some((e) => e.type === 'mediaReceived'), false);
  });

  it('reports play with its arguments, and pause/seek/receiveVideo/closeStream', () => {
    const p = connectedPair();
    p.fromClient(p.client.createStream().outputs);
    p.fromClient(p.client.play(1, 'movie.flv', 2000, 5000, false));
    const play = p.serverEvent('playRequested');
    assert.deepEqual({ ...play, requestId: 0 }, {
      type: 'playRequested', requestId: 0, streamId: 1, name: 'movie.flv', start: 2000, duration: 5000, reset: false,
    });
    p.fromClient(p.client.pause(1, true, 1234));
    assert.deepEqual(p.serverEvent('pauseRequested'), { type: 'pauseRequested', streamId: 1, paused: true, position: 1234 });
    p.fromClient(p.client.seek(1, 3000));
    assert.deepEqual(p.serverEvent('seekRequested'), { type: 'seekRequested', streamId: 1, position: 3000 });
    p.fromClient(p.client.receiveVideo(1, false));
    assert.deepEqual(p.serverEvent('receiveVideoChanged'), { type: 'receiveVideoChanged', streamId: 1, enabled: false });
    p.fromClient(p.client.setBufferLength(1, 3000));
    assert.deepEqual(p.serverEvent('bufferLengthSet'), { type: 'bufferLengthSet', streamId: 1, milliseconds: 3000 });
    p.fromClient(p.client.closeStream(1));
    assert.deepEqual(p.serverEvent('closeStreamRequested'), { type: 'closeStreamRequested', streamId: 1 });
  });

  it('carries calls client → server with the transaction id echoed', () => {
    const p = connectedPair();
    const a = p.client.call('add', [1, 2]);
    const b = p.client.call('add', [3, 4]);
    p.fromClient([...a.outputs, ...b.outputs]);
    const calls = p.serverEvents.filter((e) => e.type === 'callReceived');
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => c.type === 'callReceived' && [c.name, c.transactionId, c.args]), [
      ['add', a.callId, [1, 2]],
      ['add', b.callId, [3, 4]],
    ]);
    // Answered out of order: each answer finds its call.
    const [c1, c2] = calls as Extract<(typeof calls)[number], { type: 'callReceived' }>[];
    p.fromServer(p.server.reply(c2.requestId, 7));
    p.fromServer(p.server.replyError(c1.requestId, { level: 'error', code: 'NetConnection.Call.Failed', description: 'no' }));
    const answers = p.clientEvents.filter((e) => e.type === 'callAnswered');
    assert.deepEqual(answers.map((e) => e.type === 'callAnswered' && [e.callId, e.ok, e.args]), [
      [b.callId, true, [7]],
      [a.callId, false, [{ level: 'error', code: 'NetConnection.Call.Failed', description: 'no' }]],
    ]);
    // A second answer to the same request sends nothing.
    assert.deepEqual(p.server.reply(c2.requestId, 8), []);
  });

  it('does not remember calls with transaction id 0', () => {
    const p = connectedPair();
    p.fromClient(p.client.call('notify', ['x'], false).outputs);
    const c = p.serverEvent('callReceived');
    assert.equal(c.transactionId, 0);
    assert.deepEqual(p.server.reply(c.requestId, 1), []);
  });

  it('carries calls server → client and their answers', () => {
    const p = connectedPair();
    const { callId, outputs } = p.server.call('whoAreYou', ['?']);
    p.fromServer(outputs);
    const c = p.clientEvent('callReceived');
    assert.equal(c.name, 'whoAreYou');
    assert.equal(c.transactionId, callId);
    p.fromClient(p.client.reply(c.requestId, { name: 'bot' }));
    assert.deepEqual(p.serverEvent('callAnswered'), { type: 'callAnswered', callId, ok: true, args: [{ name: 'bot' }] });
    const n = p.server.call('tick', [], false);
    assert.equal(n.callId, 0);
  });

  it('uses type 17 with AMF3 values when objectEncoding is 3', () => {
    const p = connectedPair({ commandObject: { objectEncoding: 3 } });
    assert.equal(p.server.objectEncoding, 3);
    const payload = { list: [1, 'two', { three: 3 }], bytes: Buffer.from([1, 2, 3]) };
    p.fromClient(p.client.call('store', [payload]).outputs);
    const sent = messagesIn(p.clientBytes).at(-1) as RtmpMessage;
    assert.equal(sent.typeId, 17);
    assert.equal(sent.payload[0], 0);
    const call = p.serverEvent('callReceived');
    assert.deepEqual(call.args, [payload]);
    p.fromServer(p.server.reply(call.requestId, payload));
    const reply = messagesIn(p.serverBytes).at(-1) as RtmpMessage;
    assert.equal(reply.typeId, 17);
    assert.ok(reply.payload.includes(0x11), 'objects switch to AMF3');
    assert.deepEqual(p.clientEvent('callAnswered').args, [payload]);
  });

  it('round-trips registered classes (registerClassAlias) through both sessions with their class registries', () => {
    class Score {
      name = '';
      points = 0;
    }
    const registry = createClassRegistry().registerClass('com.game.Score', Score, { sealed: ['name', 'points'] });
    const amf = { classRegistry: registry, onUnknownClass: 'reject' as const };
    const p = connectedPair({
      commandObject: { objectEncoding: 3 },
      server: { amf, amfEncode: { classRegistry: registry } },
      client: { amf, amfEncode: { classRegistry: registry } },
    });
    const s = Object.assign(new Score(), { name: 'ann', points: 7 });
    p.fromClient(p.client.call('submit', [s]).outputs);
    const call = p.serverEvent('callReceived');
    assert.ok(call.args[0] instanceof Score);
    assert.deepEqual({ ...(call.args[0] as Score) }, { name: 'ann', points: 7 });
    p.fromServer(p.server.reply(call.requestId, [s, s]));
    const [a, b] = p.clientEvent('callAnswered').args[0] as Score[];
    assert.ok(a instanceof Score);
    assert.equal(a, b, 'a shared reference stays shared');
  });

  it('answers FCPublish with _result and onFCPublish, and reports releaseStream', () => {
    const p = connectedPair();
    p.fromClient(p.client.call('releaseStream', ['cam']).outputs);
    p.fromClient(p.client.call('FCPublish', ['cam']).outputs);
    assert.deepEqual(p.serverEvent('releaseStreamRequested'), { type: 'releaseStreamRequested', name: 'cam' });
    assert.deepEqual(p.serverEvent('fcPublishRequested'), { type: 'fcPublishRequested', name: 'cam' });
    const on = p.clientEvent('callReceived');
    assert.equal(on.name, 'onFCPublish');
    assert.deepEqual(on.args, [{ code: 'NetStream.Publish.Start', description: 'cam' }]);
    assert.equal(p.clientEvents.filter((e) => e.type === 'callAnswered').length, 2);
  });

  it('pings and reports the answer; answers the client’s ping', () => {
    let now = 5000;
    const p = connectedPair({ server: { now: () => now } });
    p.fromServer(p.server.ping());
    assert.deepEqual(p.serverEvent('pingAnswered'), { type: 'pingAnswered', timestamp: 5000 });
    now = 6000;
    p.fromClient(p.client.ping());
    assert.equal(p.clientEvent('pingAnswered').type, 'pingAnswered');
  });

  it('sends user control, data and any message to the client', () => {
    const p = connectedPair();
    p.fromClient(p.client.createStream().outputs);
    p.fromServer(p.server.sendUserControl(UserControlEvent.StreamBegin, 1));
    assert.deepEqual(p.clientEvent('userControl'), { type: 'userControl', event: 0, value: 1, extra: undefined });
    p.fromServer(p.server.sendData(1, 'onMetaData', [{ width: 320 }], 0));
    const data = p.clientEvent('mediaReceived').message;
    assert.equal(data.typeId, 18);
    const big = Buffer.alloc(9000, 0x27);
    const outs = p.server.sendMessage({ typeId: MessageType.Video, streamId: 1, timestamp: 0xffffff + 5, payload: big });
    assert.equal(outs[0].kind === 'send' && outs[0].droppable, true, 'an inter frame is droppable');
    p.fromServer(outs);
    const v = p.clientEvent('mediaReceived').message;
    assert.equal(v.timestamp, 0xffffff + 5);
    assert.deepEqual(v.payload, big);
  });
});

describe('ServerSession acknowledgements', () => {
  it('acknowledges after every window of bytes with the total received', () => {
    const p = connectedPair({ client: { windowAckSize: 5000 } });
    p.fromClient(p.client.createStream().outputs);
    p.fromClient(p.client.publish(1, 's'));
    for (let i = 0; i < 4; i++) {
      p.fromClient(p.client.sendMessage({ typeId: 8, streamId: 1, timestamp: i, payload: Buffer.alloc(3000) }));
    }
    const acks = messagesIn(p.serverBytes).filter((m) => m.typeId === 3).map((m) => m.payload.readUInt32BE(0));
    assert.ok(acks.length >= 2, `acks: ${acks}`);
    assert.ok(acks.every((a, i) => i === 0 || a - acks[i - 1] >= 5000));
    assert.ok(acks[acks.length - 1] <= p.server.bytesReceived);
    assert.equal(p.client.peerAcknowledged, acks[acks.length - 1]);
  });
});

describe('ServerSession protocol errors', () => {
  function afterHandshake(): { s: ServerSession; send: (b: Buffer) => ReturnType<ServerSession['receive']> } {
    const p = pair();
    return { s: p.server, send: (b) => p.server.receive(b) };
  }
  const cmd = (hexBody: string): Buffer => {
    const body = Buffer.from(hexBody.replace(/\s+/g, ''), 'hex');
    const h = Buffer.from([0x03, 0, 0, 0, 0, 0, body.length, 20, 0, 0, 0, 0]);
    return Buffer.concat([h, body]);
  };

  it('refuses a command before connect with RTMP_ERR_NOT_CONNECTED', () => {
    const { s, send } = afterHandshake();
    // "createStream", 2, null
    const out = send(cmd('02000c63726561746553747265616d 004000000000000000 05'));
    assert.deepEqual(out.map((o) => o.kind === 'event' && o.event.type), ['protocolError']);
    assert.equal(out[0].kind === 'event' && out[0].event.type === 'protocolError' && out[0].event.code, 'RTMP_ERR_NOT_CONNECTED');
    assert.equal(s.state, 'closed');
    assert.deepEqual(send(Buffer.from([1, 2, 3])), []);
  });

  it('drops output quietly once closed, and refuses it before the handshake', () => {
    const { s, send } = afterHandshake();
    send(cmd('02000c63726561746553747265616d 004000000000000000 05'));
    assert.equal(s.state, 'closed');
    assert.deepEqual(s.sendStatus(1, { level: 'status', code: 'NetStream.Play.Start' }), []);
    assert.deepEqual(s.call('late', []), { callId: 0, outputs: [] });
    assert.throws(() => ServerSession.create().sendStatus(1, {}), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'RTMP_ERR_BAD_STATE');
  });

  it('refuses bad AMF with RTMP_ERR_BAD_AMF', () => {
    const { send } = afterHandshake();
    const out = send(cmd('02 0007 636f6e6e656374 00 3ff0'));
    assert.equal(out[0].kind === 'event' && out[0].event.type === 'protocolError' && out[0].event.code, 'RTMP_ERR_BAD_AMF');
  });

  it('refuses a connect without a command object', () => {
    const { send } = afterHandshake();
    const out = send(cmd('02 0007 636f6e6e656374 00 3ff0000000000000 05'));
    assert.equal(out[0].kind === 'event' && out[0].event.type === 'protocolError' && out[0].event.code, 'RTMP_ERR_BAD_COMMAND');
  });

  it('refuses a second connect', () => {
    const p = connectedPair();
    const bytes = cmd('02 0007 636f6e6e656374 00 4000000000000000 03 0003 617070 02 0001 61 000009');
    // The client writes with chunk size 4096 after connect; this single small chunk is valid at any size.
    const res = p.server.receive(bytes);
    assert.equal(res[0].kind === 'event' && res[0].event.type === 'protocolError' && res[0].event.code, 'RTMP_ERR_ALREADY_CONNECTED');
  });

  it('refuses an oversized message and too many chunk streams', () => {
    const p = pair({ server: { maxMessageBytes: 1000, maxChunkStreams: 2 } });
    const big = Buffer.from([0x04, 0, 0, 0, 0, 0x10, 0, 9, 1, 0, 0, 0]);
    const out = p.server.receive(big);
    assert.equal(out[0].kind === 'event' && out[0].event.type === 'protocolError' && out[0].event.code, 'RTMP_ERR_MESSAGE_TOO_LARGE');
    // The client opened chunk streams 2 and 3 while connecting; a limit of 3 allows one more.
    const q = connectedPair({ server: { maxChunkStreams: 3 } });
    const two = Buffer.from([0x04, 0, 0, 0, 0, 0, 0, 8, 1, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 8, 1, 0, 0, 0]);
    const out2 = q.server.receive(two);
    assert.equal(out2[0].kind === 'event' && out2[0].event.type === 'protocolError' && out2[0].event.code, 'RTMP_ERR_TOO_MANY_CHUNK_STREAMS');
  });
});
