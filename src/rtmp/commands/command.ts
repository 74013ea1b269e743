// Command messages (types 20 and 17) and data messages (types 18 and 15), RTMP specification 7.1.1/7.1.2.
// A command is: name (string), transaction id (number), command object (object or null), then arguments.
// Type 17 and 15 ("AMF3") start with one 0x00 byte and continue as AMF0 values, any of which may switch to AMF3
// with the 0x11 marker: Flash Player sends every NetConnection.call this way once objectEncoding is 3.
import { Amf0Reader, Amf0Writer, AmfDecodeError, AmfEncodeError, type AmfDecodeOptions, type AmfEncodeOptions, type AmfValue } from '../../amf/index.js';
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { MessageType, type RtmpMessage } from '../messages/message.js';

export interface Command {
  readonly name: string;
  readonly transactionId: number;
  readonly commandObject: AmfValue;
  readonly args: AmfValue[];
}

/** AMF limits for commands and data from a peer: tighter than the codec's defaults, commands are small. */
export const DEFAULT_COMMAND_DECODE_OPTIONS: AmfDecodeOptions = {
  maxDepth: 64,
  maxStringBytes: 1024 * 1024,
  maxElements: 65536,
  maxReferences: 65536,
  maxByteArrayBytes: 8 * 1024 * 1024,
  onUnknownClass: 'anonymous',
};

/** Reads every value of a message body from `offset`; AMF errors become RTMP_ERR_BAD_AMF. */
export function decodeValues(payload: Buffer, offset: number, options: AmfDecodeOptions): AmfValue[] {
  const values: AmfValue[] = [];
  try {
    const reader = new Amf0Reader(payload, options, offset);
    while (reader.hasMore()) values.push(reader.readValue());
  } catch (err) {
    if (err instanceof AmfDecodeError) {
      throw new RemoteProtocolError(`bad AMF in message: ${err.message}`, { code: RtmpErrorCode.BadAmf, cause: err });
    }
    throw err;
  }
  return values;
}

/** Where the AMF0 values of a command or data message start (after the 0x00 of types 17 and 15). */
function bodyStart(message: RtmpMessage): number {
  const amf3 = message.typeId === MessageType.CommandAmf3 || message.typeId === MessageType.DataAmf3;
  return amf3 && message.payload.length > 0 && message.payload[0] === 0x00 ? 1 : 0;
}

export function decodeCommand(message: RtmpMessage, options: AmfDecodeOptions = DEFAULT_COMMAND_DECODE_OPTIONS): Command {
  const values = decodeValues(message.payload, bodyStart(message), options);
  const name = values[0];
  if (typeof name !== 'string') {
    throw new RemoteProtocolError('command without a name', { code: RtmpErrorCode.BadCommand });
  }
  const txn = values[1];
  return {
    name,
    transactionId: typeof txn === 'number' && Number.isFinite(txn) ? txn : 0,
    commandObject: values.length > 2 ? values[2] : null,
    args: values.slice(3),
  };
}

/** A data message: values, the first usually a handler name ('onMetaData', '@setDataFrame', …). */
export function decodeData(message: RtmpMessage, options: AmfDecodeOptions = DEFAULT_COMMAND_DECODE_OPTIONS): AmfValue[] {
  return decodeValues(message.payload, bodyStart(message), options);
}

/**
 * How a command or data body is written: `typeId` 20/18 (AMF0) or 17/15 (leading 0x00), and whether objects are
 * written as AMF3 after the 0x11 switch (what Flash Player expects from an objectEncoding 3 connection).
 */
export interface BodyFormat {
  readonly amf3Type: boolean;
  readonly amf3Values: boolean;
}

export const AMF0_FORMAT: BodyFormat = { amf3Type: false, amf3Values: false };
export const AMF3_FORMAT: BodyFormat = { amf3Type: true, amf3Values: true };

/**
 * Encodes command and data bodies. One writer per format, reused (reference tables reset) for each message: AMF
 * references never cross message boundaries. Anything the values' own code throws (a getter) comes out as
 * AmfEncodeError AMF_ERR_VALUE_THREW with the error as `cause`; the next message starts clean. Bodies are copied out of the writer, or with `detachBodies` handed out
 * as detached views of its slabs (Amf0Writer.detach: a region handed out is never written again): ~20% cheaper per
 * command, what the process-wide sharedCommandEncoder does.
 */
export class CommandEncoder {
  private readonly amf0: Amf0Writer;
  private readonly amf3: Amf0Writer;
  /** Set while a body is being written: a getter or custom class that encodes again gets its own encoder. */
  private busy = false;

  /** `options` (class registry, depth) apply to both formats; `amf3` is set per format. */
  constructor(
    private readonly options: Omit<AmfEncodeOptions, 'amf3'> = {},
    private readonly detachBodies = false,
  ) {
    this.amf0 = new Amf0Writer({ ...options, amf3: false });
    this.amf3 = new Amf0Writer({ ...options, amf3: true });
  }

  /** @internal Bytes of writer buffers this encoder keeps allocated between messages. */
  get retainedBytes(): number {
    return this.amf0.retainedBytes + this.amf3.retainedBytes;
  }

  private start(format: BodyFormat): Amf0Writer {
    const w = format.amf3Values ? this.amf3 : this.amf0;
    w.clear(); // drops the bytes of a message that failed half-way
    w.resetReferences();
    if (format.amf3Type) w.writeUInt8(0);
    return w;
  }

  private finish(w: Amf0Writer): Buffer {
    // detach() swaps a buffer grown past MAX_RETAINED_BYTES (256 KiB) for a small one; copying out, shrink() does.
    if (this.detachBodies) return w.detach();
    const out = Buffer.from(w.toBuffer());
    w.shrink();
    return out;
  }

  /** A command body: name, transaction id, command object, arguments. */
  command(name: string, transactionId: number, commandObject: AmfValue, args: readonly AmfValue[], format = AMF0_FORMAT): Buffer {
    if (this.busy) return new CommandEncoder(this.options).command(name, transactionId, commandObject, args, format);
    this.busy = true;
    try {
      const w = this.start(format);
      w.writeValue(name).writeValue(transactionId).writeValue(commandObject);
      for (let i = 0; i < args.length; i++) w.writeValue(args[i]);
      return this.finish(w);
    } catch (err) {
      throw AmfEncodeError.from(err); // a getter of an argument threw: AMF_ERR_VALUE_THREW, the error as cause
    } finally {
      this.busy = false;
    }
  }

  /** A data body: the values in order. */
  data(values: readonly AmfValue[], format = AMF0_FORMAT): Buffer {
    if (this.busy) return new CommandEncoder(this.options).data(values, format);
    this.busy = true;
    try {
      const w = this.start(format);
      for (let i = 0; i < values.length; i++) w.writeValue(values[i]);
      return this.finish(w);
    } catch (err) {
      throw AmfEncodeError.from(err);
    } finally {
      this.busy = false;
    }
  }
}

/**
 * One encoder for every session of the process: encoding is synchronous, so sharing is safe, and an idle
 * connection then holds no writer buffers. Its bodies are detached views, not copies.
 */
export const sharedCommandEncoder: CommandEncoder = new CommandEncoder({}, true);
