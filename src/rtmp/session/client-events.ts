// Events a ClientSession reports, named for what happened (the client-side twin of ServerEvent).
import type { AmfValue } from '../../amf/index.js';
import type { RtmpMessage } from '../messages/message.js';
import type { AmfRecord } from './events.js';

export type ClientEvent =
  | { readonly type: 'handshakeCompleted'; readonly digest: boolean }
  /** connect's _result: the server's properties (fmsVer, capabilities, mode) and information object. */
  | { readonly type: 'connected'; readonly properties: AmfValue; readonly information: AmfValue }
  /** connect's _error (NetConnection.Connect.Rejected, InvalidApp, …). The session is closed. */
  | { readonly type: 'connectRejected'; readonly information: AmfValue }
  /** The server answered one of our calls (createStream's answer comes as 'streamCreated' instead when ok). */
  | {
      readonly type: 'callAnswered';
      readonly callId: number;
      readonly ok: boolean;
      readonly commandObject: AmfValue;
      readonly args: readonly AmfValue[];
    }
  | { readonly type: 'streamCreated'; readonly callId: number; readonly streamId: number }
  /** The server called a method on us (NetConnection.client), e.g. onBWDone or an application method. */
  | {
      readonly type: 'callReceived';
      readonly requestId: number;
      readonly name: string;
      readonly transactionId: number;
      readonly streamId: number;
      readonly commandObject: AmfValue;
      readonly args: readonly AmfValue[];
    }
  /** onStatus on a stream (or on stream 0 for NetConnection status). */
  | { readonly type: 'status'; readonly streamId: number; readonly info: AmfRecord }
  /** Audio, video, data or aggregate messages on a stream. */
  | { readonly type: 'mediaReceived'; readonly message: RtmpMessage }
  | { readonly type: 'sharedObjectReceived'; readonly message: RtmpMessage }
  /** User control events other than pings (StreamBegin, StreamEOF, StreamDry, StreamIsRecorded, …). */
  | { readonly type: 'userControl'; readonly event: number; readonly value: number; readonly extra: number | undefined }
  | { readonly type: 'pingAnswered'; readonly timestamp: number }
  | { readonly type: 'protocolError'; readonly code: string; readonly message: string };

export type ClientOutput =
  | { readonly kind: 'send'; readonly bytes: Buffer; readonly droppable: boolean }
  | { readonly kind: 'event'; readonly event: ClientEvent };
