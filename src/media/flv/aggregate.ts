// RTMP aggregate messages (type 22) carry FLV tags back to back, each followed by its PreviousTagSize. The first
// tag's timestamp is the aggregate's own; the others keep their offset from it (what FMS and librtmp do).
import { MediaError } from '../errors.js';
import { FLV_TAG_HEADER_BYTES, type FlvTag } from './tag.js';

/** Splits an aggregate payload into its tags, timestamps rebased on `messageTimestamp`. Slices, no copies. */
export function splitAggregate(payload: Buffer, messageTimestamp: number, maxTags = 4096): FlvTag[] {
  const out: FlvTag[] = [];
  let offset = 0;
  let first: number | undefined;
  while (offset < payload.length) {
    if (out.length >= maxTags) throw new MediaError('MEDIA_ERR_TOO_LARGE', `aggregate with more than ${maxTags} tags`, offset);
    if (payload.length - offset < FLV_TAG_HEADER_BYTES) throw new MediaError('MEDIA_ERR_TRUNCATED', 'aggregate tag header cut', offset);
    const type = payload[offset] & 0x1f;
    const size = payload.readUIntBE(offset + 1, 3);
    const ts = (payload.readUIntBE(offset + 4, 3) | (payload[offset + 7] << 24)) >>> 0;
    const end = offset + FLV_TAG_HEADER_BYTES + size;
    if (end > payload.length) throw new MediaError('MEDIA_ERR_TRUNCATED', 'aggregate tag data cut', offset);
    first ??= ts;
    out.push({ type, timestamp: (messageTimestamp + (ts - first)) >>> 0, data: payload.subarray(offset + FLV_TAG_HEADER_BYTES, end) });
    // The trailing PreviousTagSize is optional at the very end (some encoders omit it).
    offset = Math.min(end + 4, payload.length);
  }
  return out;
}
