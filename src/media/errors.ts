// Typed errors of the media layer. Codes are stable: callers and tests match on `code`, never on the message.
export type MediaErrorCode =
  | 'MEDIA_ERR_TRUNCATED'
  | 'MEDIA_ERR_BAD_SIGNATURE'
  | 'MEDIA_ERR_BAD_TAG'
  | 'MEDIA_ERR_TOO_LARGE'
  | 'MEDIA_ERR_TOO_DEEP'
  | 'MEDIA_ERR_BAD_SCRIPT_DATA'
  | 'MEDIA_ERR_FORBIDDEN_KEY'
  | 'MEDIA_ERR_BAD_CODEC_CONFIG'
  | 'MEDIA_ERR_CLOSED';

export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset: number | undefined;

  constructor(code: MediaErrorCode, message: string, offset?: number) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}
