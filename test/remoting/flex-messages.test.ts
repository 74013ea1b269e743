// Flex message classes and their small forms, checked against captures (see captures.ts for their sources).
// The AcknowledgeMessage bytes are PyAMF's EncodingTestCase.test_AcknowledgeMessage.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAmf3, encodeAmf3 } from '../../src/amf/index.js';
import {
  createMessageId,
  AcknowledgeMessage,
  AcknowledgeMessageExt,
  CommandMessage,
  CommandMessageExt,
  createRemotingClassRegistry,
} from '../../src/remoting/index.js';
import { DSC, DSK, PING, hex } from './captures.js';

const classRegistry = createRemotingClassRegistry();

describe('Flex small messages (DSK, DSC)', () => {
  it('decodes a captured DSK into an AcknowledgeMessage with UUID ids from 16-byte ByteArrays', () => {
    const m = decodeAmf3(DSK, { classRegistry });
    assert.ok(m instanceof AcknowledgeMessageExt && m instanceof AcknowledgeMessage);
    assert.equal(m.body, null);
    assert.equal(m.destination, null);
    assert.equal(m.timeToLive, 0);
    assert.equal(new Date(m.timestamp).toISOString(), '2009-08-19T11:24:43.985Z');
    assert.deepEqual({ ...m.headers }, { DSMessagingVersion: 1, DSId: 'EE0D161D-C11D-25CB-8DBE-3B77B54B55D9' });
    assert.equal(m.clientId, 'EE0D161D-C128-265B-C980-524B9B45C6C4');
    assert.equal(m.messageId, 'EE0D161D-C13D-8EA3-E010-EFAD3BE5C56A');
    assert.equal(m.correlationId, '538483DB-A9C8-CA4D-6095-3266DB51C93C');
  });

  it('re-encodes the decoded DSK to the same bytes, but for the 1.0 header JavaScript cannot tell from 1', () => {
    // BlazeDS wrote DSMessagingVersion as the double 1.0 (05 3ff0…); a JS number 1 is written as the int 04 01.
    const expected = Buffer.from(DSK.toString('hex').replace('053ff0000000000000', '0401'), 'hex');
    assert.deepEqual(encodeAmf3(decodeAmf3(DSK, { classRegistry }), { classRegistry }), expected);
  });

  it('decodes a captured DSC (poll command) and re-encodes it to the same bytes', () => {
    const m = decodeAmf3(DSC, { classRegistry });
    assert.ok(m instanceof CommandMessageExt && m instanceof CommandMessage);
    assert.equal(m.operation, 2);
    assert.equal(m.messageId, 'C0DFB77C-D6EE-2431-7315-3266E131A866');
    assert.equal(m.correlationId, '');
    assert.equal(m.clientId, null);
    assert.deepEqual({ ...m.headers }, { DSId: 'EE0D161D-C11D-25CB-8DBE-3B77B54B55D9' });
    assert.deepEqual(encodeAmf3(m, { classRegistry }), DSC);
  });

  it('reads and drops values of flag bits it does not know (a newer client)', () => {
    // DSC with an extra bit (0x02) in the CommandMessage flags followed by its value (int 7).
    const extended = Buffer.concat([DSC.subarray(0, DSC.length - 3), hex('03 04 02 04 07')]);
    const m = decodeAmf3(extended, { classRegistry }) as CommandMessage;
    assert.equal(m.operation, 2);
  });

  it('refuses an endless run of flag bytes with a typed error', () => {
    const bad = Buffer.concat([hex('0a 07 07 44 53 43'), Buffer.alloc(100, 0x80)]);
    assert.throws(() => decodeAmf3(bad, { classRegistry }), (e: Error & { code?: string }) => e.name === 'AmfDecodeError' && e.code === 'AMF_ERR_MALFORMED');
  });

  it('gives AmfDecodeError at every truncation of the DSK', () => {
    for (let n = 0; n < DSK.length; n++) {
      assert.throws(() => decodeAmf3(DSK.subarray(0, n), { classRegistry }), (e: Error) => e.name === 'AmfTruncatedError' || e.name === 'AmfDecodeError');
    }
  });
});

describe('Flex full messages', () => {
  it('decodes a Flex client ping (CommandMessage, operation 5, DSId nil)', () => {
    const m = decodeAmf3(PING, { classRegistry });
    assert.ok(m instanceof CommandMessage);
    assert.equal(m.operation, 5);
    assert.equal(m.messageId, '50A43A42-6AB3-FA5B-0601-AA658F60C1F5');
    assert.deepEqual({ ...m.headers }, { DSId: 'nil', DSMessagingVersion: 1 });
  });

  it('writes an AcknowledgeMessage like PyAMF (alphabetical sealed members), but with sealed traits', () => {
    const m = new AcknowledgeMessage();
    m.correlationId = '1234';
    m.timestamp = null as unknown as number;
    m.timeToLive = null as unknown as number;
    const expected = hex(`0a 81 0b 55 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 6d 65 73 73 61 67 65 73 2e 41 63 6b 6e 6f 77 6c 65
      64 67 65 4d 65 73 73 61 67 65 09 62 6f 64 79 11 63 6c 69 65 6e 74 49 64 1b 63 6f 72 72 65 6c 61 74 69 6f 6e 49 64
      17 64 65 73 74 69 6e 61 74 69 6f 6e 0f 68 65 61 64 65 72 73 13 6d 65 73 73 61 67 65 49 64 15 74 69 6d 65 54 6f 4c
      69 76 65 13 74 69 6d 65 73 74 61 6d 70 01 01 06 09 31 32 33 34 01 0a 0b 01 01 01 01 01 01`);
    // PyAMF marks the traits dynamic (0x81 0x0b) and ends with an empty dynamic part (01); the Flex class is
    // sealed, so ours writes 0x81 0x03 and no terminator. Flash reads both by member name.
    const ours = Buffer.concat([expected.subarray(0, 2), hex('03'), expected.subarray(3, expected.length - 1)]);
    assert.deepEqual(encodeAmf3(m, { classRegistry }), ours);
    const back = decodeAmf3(expected, { classRegistry });
    assert.ok(back instanceof AcknowledgeMessage);
    assert.equal(back.correlationId, '1234');
  });
});

describe('message ids', () => {
  it('are unique Flex UIDs across the counter\'s 16-bit rollover', () => {
    const seen = new Set<string>();
    let prefix: string | undefined;
    for (let i = 0; i < 70_000; i++) {
      const id = createMessageId();
      assert.ok(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(id), id);
      prefix ??= id.slice(0, 24);
      assert.equal(id.slice(0, 24), prefix);
      seen.add(id);
    }
    assert.equal(seen.size, 70_000);
  });
});
