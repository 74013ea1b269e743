// The session outputs the live flows send besides media: onStatus, user control events, data and notifications.
// The only place the live code builds them, so the wire order is easy to read from the flows.
import type { AmfValue } from '../../amf/index.js';
import type { SessionOutput } from '../../rtmp/index.js';
import type { UserControlEvent } from '../../rtmp/messages/user-control.js';
import type { ClientConnection } from '../connection.js';
import { liveStatusInfo, type LiveStatusCode } from './status.js';

const STREAM_BEGIN: UserControlEvent = 0;
const STREAM_EOF: UserControlEvent = 1;

export interface Signals {
  status(conn: ClientConnection, streamId: number, code: LiveStatusCode, name: string): readonly SessionOutput[];
  streamBegin(conn: ClientConnection, streamId: number): readonly SessionOutput[];
  streamEof(conn: ClientConnection, streamId: number): readonly SessionOutput[];
  data(conn: ClientConnection, streamId: number, name: string, values: readonly AmfValue[]): readonly SessionOutput[];
}

export const sessionSignals: Signals = {
  status: (conn, streamId, code, name) => conn.session.sendStatus(streamId, liveStatusInfo(code, name, conn.id)),
  streamBegin: (conn, streamId) => conn.session.sendUserControl(STREAM_BEGIN, streamId),
  streamEof: (conn, streamId) => conn.session.sendUserControl(STREAM_EOF, streamId),
  data: (conn, streamId, name, values) => conn.session.sendData(streamId, name, values),
};
