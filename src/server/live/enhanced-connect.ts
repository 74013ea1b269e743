// Enhanced RTMP capability negotiation in connect: a client that lists FourCC codecs (`fourCcList`) learns
// which of them the server accepts from the same property in the connect _result's properties. Live streams
// are relayed untouched, so every well-formed FourCC the client offers is accepted.
import type { AmfValue } from '../../amf/index.js';
import type { AmfRecord } from '../../rtmp/index.js';

const MAX_CODECS = 64;

/**
 * The properties to merge into the connect _result for this command object: `{ fourCcList }` echoing the
 * client's well-formed entries ('hvc1', 'av01', 'vp09', 'Opus', …; '*' kept), or undefined when the client did
 * not ask (a legacy client must see no new properties).
 */
export function enhancedRtmpConnectProperties(commandObject: AmfRecord): AmfRecord | undefined {
  if (!Object.hasOwn(commandObject, 'fourCcList')) return undefined;
  const list: AmfValue = commandObject.fourCcList;
  if (!Array.isArray(list)) return undefined;
  const accepted: string[] = [];
  for (const v of list.slice(0, MAX_CODECS)) {
    if (typeof v === 'string' && (v === '*' || /^[\x20-\x7e]{4}$/.test(v)) && !accepted.includes(v)) accepted.push(v);
  }
  return { fourCcList: accepted };
}
