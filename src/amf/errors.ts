// Typed errors of the AMF codec. Every failure is one of these, with a stable code and the byte offset where the
// problem was found, so callers can switch on `code` and log `offset` (never a raw RangeError or a stack overflow).

/** Stable error codes (documented in docs/amf.md). */
export type AmfErrorCode =
  /** The input ended inside a value, or a declared length/count runs past the end of the input. */
  | 'AMF_ERR_TRUNCATED'
  /** A type marker that is not defined (or reserved: AMF0 movieclip 0x04, recordset 0x0E). */
  | 'AMF_ERR_BAD_MARKER'
  /** A reference index past the end of its table. */
  | 'AMF_ERR_BAD_REFERENCE'
  /** Nesting deeper than maxDepth. */
  | 'AMF_ERR_TOO_DEEP'
  /** A string, XML or ByteArray longer than its configured maximum. */
  | 'AMF_ERR_TOO_LARGE'
  /** The total element budget (maxElements) or a reference-table budget (maxReferences) is exhausted. */
  | 'AMF_ERR_BUDGET'
  /** Invalid UTF-8 while decoding with utf8: 'strict'. */
  | 'AMF_ERR_BAD_UTF8'
  /** A class alias that is not registered (onUnknownClass: 'reject', or any unregistered externalizable class). */
  | 'AMF_ERR_UNKNOWN_CLASS'
  /** Bytes left after the single value decodeAmf0/decodeAmf3 expects. */
  | 'AMF_ERR_TRAILING_BYTES'
  /** A structural rule broken in a way not covered above (e.g. a trait reference where it is not allowed). */
  | 'AMF_ERR_MALFORMED';

/** Codes of encoding failures. */
export type AmfEncodeErrorCode =
  /** The value cannot be written in this format (a function, a symbol, a bigint, a key too long for a u16). */
  | 'AMF_ERR_UNSUPPORTED_VALUE'
  /** Nesting deeper than maxDepth (cycles are written as references and never hit this). */
  | 'AMF_ERR_TOO_DEEP'
  /** A length does not fit its field (e.g. a string above 2^28 - 1 bytes in AMF3). */
  | 'AMF_ERR_TOO_LARGE'
  /** An externalizable writer or a registered class misbehaved. */
  | 'AMF_ERR_CLASS'
  /**
   * Code run while reading the value threw (a getter, a Proxy trap, an externalizable's write): the original
   * error is `cause`.
   */
  | 'AMF_ERR_VALUE_THREW';

/** Bad input while decoding. `offset` is the byte offset (in the input) where the problem was detected. */
export class AmfDecodeError extends Error {
  readonly code: AmfErrorCode;
  readonly offset: number;
  constructor(code: AmfErrorCode, message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'AmfDecodeError';
    this.code = code;
    this.offset = offset;
  }
}

/** The input ended too early. A streaming caller may wait for more bytes and retry. */
export class AmfTruncatedError extends AmfDecodeError {
  constructor(message: string, offset: number) {
    super('AMF_ERR_TRUNCATED', message, offset);
    this.name = 'AmfTruncatedError';
  }
}

/** A value that cannot be encoded. */
export class AmfEncodeError extends Error {
  readonly code: AmfEncodeErrorCode;
  constructor(code: AmfEncodeErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'AmfEncodeError';
    this.code = code;
  }

  /**
   * What an encoder entry point throws for `err`: `err` itself if it is an AmfEncodeError, else (a getter or
   * other code of the value threw, mid-message) an AMF_ERR_VALUE_THREW whose `cause` is `err`.
   */
  static from(err: unknown): AmfEncodeError {
    if (err instanceof AmfEncodeError) return err;
    const why = err instanceof Error ? err.message : String(err);
    return new AmfEncodeError('AMF_ERR_VALUE_THREW', `encoding threw: ${why}`, { cause: err });
  }
}
