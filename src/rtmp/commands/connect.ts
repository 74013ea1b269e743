// The connect command (RTMP specification 7.2.1.1) and its FMS-style answers.
import { AmfEcmaArray, type AmfValue } from '../../amf/index.js';
import { RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import type { AmfRecord, ConnectRequest } from '../session/events.js';
import type { Command } from './command.js';

function isRecord(v: AmfValue): v is AmfRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

/** Parses connect's command object. A missing or non-object command object is a protocol error. */
export function parseConnect(command: Command): ConnectRequest {
  const obj = command.commandObject;
  if (!isRecord(obj)) {
    throw new RemoteProtocolError('connect without a command object', { code: RtmpErrorCode.BadCommand });
  }
  const app = typeof obj.app === 'string' ? obj.app : '';
  const tcUrl = typeof obj.tcUrl === 'string' ? obj.tcUrl : '';
  return {
    transactionId: command.transactionId,
    commandObject: obj,
    app,
    tcUrl,
    objectEncoding: obj.objectEncoding === 3 ? 3 : 0,
    args: command.args,
  };
}

/** The properties object of connect's _result: fmsVer, capabilities, mode, then the application's additions. */
export function connectProperties(
  fmsVersion: string,
  capabilities: number,
  mode: number,
  extra: AmfRecord | undefined,
): AmfRecord {
  return { fmsVer: fmsVersion, capabilities, mode, ...extra };
}

/** The information object of connect's _result, as FMS writes it (data is an ECMA array holding the version). */
export function connectSuccessInfo(fmsVersion: string, objectEncoding: 0 | 3, extra: AmfRecord | undefined): AmfRecord {
  const data = new AmfEcmaArray();
  data.version = fmsVersion.includes('/') ? fmsVersion.slice(fmsVersion.indexOf('/') + 1) : fmsVersion;
  // Key order as FMS writes it: level, code, description, data, clientid, objectEncoding.
  const info: AmfRecord = { level: 'status', code: 'NetConnection.Connect.Success', description: 'Connection succeeded.', data };
  if (extra !== undefined && 'clientid' in extra) info.clientid = extra.clientid;
  info.objectEncoding = objectEncoding;
  return extra === undefined ? info : Object.assign(info, extra);
}

/** An error information object ({level: 'error', code, description, …extra}). */
export function errorInfo(code: string, description: string, extra?: AmfRecord): AmfRecord {
  return { level: 'error', code, description, ...extra };
}
