// The compact "small message" forms Flex clients switch to once the server advertised DSMessagingVersion:
// DSK (AcknowledgeMessageExt), DSA (AsyncMessageExt), DSC (CommandMessageExt). They are externalizable: each
// class level writes flag bytes (bit 7 = another flag byte follows), then one AMF3 value per set bit, in bit
// order. Ids may travel as 16-byte ByteArrays instead of UUID strings. Unknown bits are read and dropped, as
// BlazeDS does, so newer clients still decode.
import { AmfDecodeError, type Amf3Reader, type Amf3Writer, type AmfObject, type AmfValue } from '../../amf/index.js';
import { AbstractMessage, AcknowledgeMessage, AsyncMessage, CommandMessage } from './messages.js';

const HAS_NEXT = 0x80;
/** Flex never writes more than two flag bytes per level; a hostile stream could send thousands. */
const MAX_FLAG_BYTES = 16;

// AbstractMessage, first flag byte.
const BODY = 0x01;
const CLIENT_ID = 0x02;
const DESTINATION = 0x04;
const HEADERS = 0x08;
const MESSAGE_ID = 0x10;
const TIMESTAMP = 0x20;
const TIME_TO_LIVE = 0x40;
// AbstractMessage, second flag byte.
const CLIENT_ID_BYTES = 0x01;
const MESSAGE_ID_BYTES = 0x02;
// AsyncMessage.
const CORRELATION_ID = 0x01;
const CORRELATION_ID_BYTES = 0x02;
// CommandMessage.
const OPERATION = 0x01;

function readFlags(r: Amf3Reader): number[] {
  const flags: number[] = [];
  for (;;) {
    const at = r.offset;
    const f = r.readUInt8();
    flags.push(f);
    if ((f & HAS_NEXT) === 0) return flags;
    if (flags.length >= MAX_FLAG_BYTES) throw new AmfDecodeError('AMF_ERR_MALFORMED', 'too many small-message flag bytes', at);
  }
}

/** Reads and drops the values of the bits at or above `from` (bit 7 is the continuation bit). */
function skipUnknown(r: Amf3Reader, flag: number, from: number): void {
  for (let bit = from; bit < 7; bit++) if ((flag >> bit) & 1) r.readValue();
}

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** 16 bytes → Flex UID text (upper-case); anything else → null. */
function uidFromBytes(v: AmfValue): string | null {
  if (!(v instanceof Uint8Array) || v.length !== 16) return null;
  const h = Buffer.from(v.buffer, v.byteOffset, 16).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A UID string → its 16 bytes, or undefined when it is not a UID (then it travels as a string). */
function uidToBytes(id: string | null): Buffer | undefined {
  return id !== null && UUID.test(id) ? Buffer.from(id.replaceAll('-', ''), 'hex') : undefined;
}

function asString(v: AmfValue): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * Reads one class level: its flag bytes, then for each byte the fields `read` knows (it returns how many low bits
 * those are), then the values of any higher bits, which are dropped.
 */
function readLevel(r: Amf3Reader, read: (index: number, flag: number) => number): void {
  const flags = readFlags(r);
  for (let i = 0; i < flags.length; i++) skipUnknown(r, flags[i], read(i, flags[i]));
}

function readAbstract(r: Amf3Reader, m: AbstractMessage): void {
  readLevel(r, (i, f) => {
    if (i === 0) {
      if (f & BODY) m.body = r.readValue();
      if (f & CLIENT_ID) m.clientId = asString(r.readValue());
      if (f & DESTINATION) m.destination = asString(r.readValue());
      if (f & HEADERS) {
        const h = r.readValue();
        m.headers = h !== null && typeof h === 'object' ? (h as AmfObject) : {};
      }
      if (f & MESSAGE_ID) m.messageId = asString(r.readValue());
      if (f & TIMESTAMP) m.timestamp = Number(r.readValue());
      if (f & TIME_TO_LIVE) m.timeToLive = Number(r.readValue());
      return 7;
    }
    if (i === 1) {
      if (f & CLIENT_ID_BYTES) m.clientId = uidFromBytes(r.readValue());
      if (f & MESSAGE_ID_BYTES) m.messageId = uidFromBytes(r.readValue());
      return 2;
    }
    return 0;
  });
}

function readAsync(r: Amf3Reader, m: AsyncMessage): void {
  readAbstract(r, m);
  readLevel(r, (i, f) => {
    if (i !== 0) return 0;
    if (f & CORRELATION_ID) m.correlationId = asString(r.readValue());
    if (f & CORRELATION_ID_BYTES) m.correlationId = uidFromBytes(r.readValue());
    return 2;
  });
}

function writeAbstract(w: Amf3Writer, m: AbstractMessage): void {
  const clientIdBytes = uidToBytes(m.clientId);
  const messageIdBytes = uidToBytes(m.messageId);
  let f = 0;
  if (m.body !== null && m.body !== undefined) f |= BODY;
  if (m.clientId !== null && clientIdBytes === undefined) f |= CLIENT_ID;
  if (m.destination !== null && m.destination !== '') f |= DESTINATION;
  if (m.headers !== null) f |= HEADERS;
  if (m.messageId !== null && messageIdBytes === undefined) f |= MESSAGE_ID;
  if (m.timestamp !== 0) f |= TIMESTAMP;
  if (m.timeToLive !== 0) f |= TIME_TO_LIVE;
  let f2 = 0;
  if (clientIdBytes !== undefined) f2 |= CLIENT_ID_BYTES;
  if (messageIdBytes !== undefined) f2 |= MESSAGE_ID_BYTES;
  w.writeUInt8(f2 !== 0 ? f | HAS_NEXT : f);
  if (f2 !== 0) w.writeUInt8(f2);
  if (f & BODY) w.writeValue(m.body);
  if (f & CLIENT_ID) w.writeValue(m.clientId);
  if (f & DESTINATION) w.writeValue(m.destination);
  if (f & HEADERS) w.writeValue(m.headers);
  if (f & MESSAGE_ID) w.writeValue(m.messageId);
  if (f & TIMESTAMP) w.writeValue(m.timestamp);
  if (f & TIME_TO_LIVE) w.writeValue(m.timeToLive);
  if (clientIdBytes !== undefined) w.writeValue(clientIdBytes);
  if (messageIdBytes !== undefined) w.writeValue(messageIdBytes);
}

function writeAsync(w: Amf3Writer, m: AsyncMessage): void {
  writeAbstract(w, m);
  const bytes = uidToBytes(m.correlationId);
  if (bytes !== undefined) {
    w.writeUInt8(CORRELATION_ID_BYTES).writeValue(bytes);
  } else if (m.correlationId !== null) {
    w.writeUInt8(CORRELATION_ID).writeValue(m.correlationId);
  } else {
    w.writeUInt8(0);
  }
}

/** Small forms decode to these subclasses of the ordinary classes, so re-encoding writes the small form again. */
export class AcknowledgeMessageExt extends AcknowledgeMessage {}
export class AsyncMessageExt extends AsyncMessage {}
export class CommandMessageExt extends CommandMessage {}

export const smallMessageCodecs = {
  DSK: {
    ctor: AcknowledgeMessageExt,
    read(r: Amf3Reader): AcknowledgeMessageExt {
      const m = new AcknowledgeMessageExt();
      readAsync(r, m);
      readLevel(r, () => 0); // AcknowledgeMessage defines no fields of its own
      return m;
    },
    write(w: Amf3Writer, m: AcknowledgeMessageExt): void {
      writeAsync(w, m);
      w.writeUInt8(0);
    },
  },
  DSA: {
    ctor: AsyncMessageExt,
    read(r: Amf3Reader): AsyncMessageExt {
      const m = new AsyncMessageExt();
      readAsync(r, m);
      return m;
    },
    write(w: Amf3Writer, m: AsyncMessageExt): void {
      writeAsync(w, m);
    },
  },
  DSC: {
    ctor: CommandMessageExt,
    read(r: Amf3Reader): CommandMessageExt {
      const m = new CommandMessageExt();
      readAsync(r, m);
      readLevel(r, (i, f) => {
        if (i !== 0) return 0;
        if (f & OPERATION) m.operation = Number(r.readValue());
        return 1;
      });
      return m;
    },
    write(w: Amf3Writer, m: CommandMessageExt): void {
      writeAsync(w, m);
      w.writeUInt8(OPERATION).writeValue(m.operation);
    },
  },
} as const;
