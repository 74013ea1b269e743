// The contract between the sans-IO RTMP sessions and whoever drives them (the TCP server, the RTMPT tunnel,
// the Node client, tests). The session never touches a socket or a timer: it takes bytes and returns outputs.
import type { AmfValue } from '../../amf/index.js';
import type { RtmpMessage } from '../messages/message.js';

/** What a session asks its driver to do. */
export type SessionOutput =
  /** Write these bytes to the peer. `droppable` marks media the driver may drop under backpressure. */
  | { readonly kind: 'send'; readonly bytes: Buffer; readonly droppable: boolean }
  /** Something the application should know about or answer. */
  | { readonly kind: 'event'; readonly event: ServerEvent };

/** An AMF object as commands carry it (connect's command object, onStatus info objects). */
export type AmfRecord = { [key: string]: AmfValue };

/** The parsed `connect` command. */
export interface ConnectRequest {
  readonly transactionId: number;
  /** The command object as sent (app, tcUrl, flashVer, swfUrl, pageUrl, objectEncoding, fourCcList, …). */
  readonly commandObject: AmfRecord;
  readonly app: string;
  readonly tcUrl: string;
  /** 0 or 3, from the command object; decides how later commands and data are encoded to this peer. */
  readonly objectEncoding: 0 | 3;
  /** The optional arguments after the command object (NetConnection.connect(url, ...args)). */
  readonly args: readonly AmfValue[];
}

export type PublishMode = 'live' | 'record' | 'append';

/** Events a server session reports. Named for what happened. */
export type ServerEvent =
  | { readonly type: 'handshakeCompleted'; readonly digest: boolean }
  | { readonly type: 'connectRequested'; readonly requestId: number; readonly request: ConnectRequest }
  /** A NetConnection.call from the client (any command on stream 0 the session does not handle itself). */
  | {
      readonly type: 'callReceived';
      readonly requestId: number;
      readonly name: string;
      readonly transactionId: number;
      readonly commandObject: AmfValue;
      readonly args: readonly AmfValue[];
    }
  /** The client answered a call the server made with session.call(). */
  | { readonly type: 'callAnswered'; readonly callId: number; readonly ok: boolean; readonly args: readonly AmfValue[] }
  | { readonly type: 'streamCreated'; readonly streamId: number }
  | { readonly type: 'streamDeleted'; readonly streamId: number }
  | { readonly type: 'releaseStreamRequested'; readonly name: string }
  | { readonly type: 'fcPublishRequested'; readonly name: string }
  | { readonly type: 'fcUnpublishRequested'; readonly name: string }
  | {
      readonly type: 'publishRequested';
      readonly requestId: number;
      readonly streamId: number;
      /** The name as sent, query string included. */
      readonly name: string;
      readonly mode: PublishMode;
    }
  | {
      readonly type: 'playRequested';
      readonly requestId: number;
      readonly streamId: number;
      readonly name: string;
      /** -2 live or recorded, -1 live only, >= 0 recorded from this many ms (ffmpeg sends -2000/-1000). */
      readonly start: number;
      /** -1 to the end, 0 one frame, > 0 this many ms. */
      readonly duration: number;
      readonly reset: boolean;
    }
  | { readonly type: 'closeStreamRequested'; readonly streamId: number }
  | { readonly type: 'pauseRequested'; readonly streamId: number; readonly paused: boolean; readonly position: number }
  | { readonly type: 'seekRequested'; readonly streamId: number; readonly position: number }
  | { readonly type: 'receiveAudioChanged'; readonly streamId: number; readonly enabled: boolean }
  | { readonly type: 'receiveVideoChanged'; readonly streamId: number; readonly enabled: boolean }
  /** Audio (8), video (9), data (18/15) or aggregate (22) on a stream the client publishes. */
  | { readonly type: 'mediaReceived'; readonly message: RtmpMessage }
  /** A shared object message (19/16); decoded by the server layer. */
  | { readonly type: 'sharedObjectReceived'; readonly message: RtmpMessage }
  | { readonly type: 'bufferLengthSet'; readonly streamId: number; readonly milliseconds: number }
  | { readonly type: 'pingAnswered'; readonly timestamp: number }
  /** The peer broke the protocol; the driver must close the connection after writing pending output. */
  | { readonly type: 'protocolError'; readonly code: string; readonly message: string };
