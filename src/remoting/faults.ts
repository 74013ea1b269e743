// Turning a thrown error into what the client sees. Only RemotingFault text crosses the wire unless the gateway
// runs with debug on: an internal message or a stack trace tells an attacker too much.
import type { AmfObject } from '../amf/index.js';
import { FaultCodes, RemotingFault } from './errors.js';
import { ErrorMessage } from './flex/messages.js';

/** What every fault says, before it is shaped for AMF0 or Flex. */
export interface FaultInfo {
  readonly code: string;
  readonly description: string;
  readonly details: string;
  readonly rootCause: unknown;
}

/** A fault the gateway itself raises (no details, no root cause). */
export function fault(code: string, description: string): FaultInfo {
  return { code, description, details: '', rootCause: null };
}

/** Client text echoed in faults and logs is cut short. */
export function clip(s: string): string {
  return s.length > 128 ? `${s.slice(0, 128)}…` : s;
}

export function faultInfo(err: unknown, debug: boolean): FaultInfo {
  if (err instanceof RemotingFault) {
    return { code: err.code, description: err.message, details: err.details, rootCause: err.rootCause ?? null };
  }
  if (debug) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { code: FaultCodes.processing, description: e.message, details: e.stack ?? '', rootCause: null };
  }
  return { code: FaultCodes.processing, description: 'The service failed to process the call', details: '', rootCause: null };
}

/** The classic AMF0 fault object answered at `<responseURI>/onStatus`. */
export function amf0Fault(f: FaultInfo): AmfObject {
  const out: AmfObject = { code: f.code, description: f.description, details: f.details, level: 'error' };
  if (f.rootCause !== null && f.rootCause !== undefined) out.rootCause = f.rootCause as AmfObject;
  return out;
}

/** A Flex ErrorMessage for the same fault; correlation fields are filled by the caller. */
export function flexFault(f: FaultInfo): ErrorMessage {
  const m = new ErrorMessage();
  m.faultCode = f.code;
  m.faultString = f.description;
  m.faultDetail = f.details;
  m.rootCause = (f.rootCause ?? null) as ErrorMessage['rootCause'];
  return m;
}
