// Legal moves of a session as data (h11's style): which move takes which state to which. Anything else is a
// RemoteProtocolError when the peer made the move, a LocalProtocolError when our caller did.

export type SessionState = 'handshake' | 'awaitingConnect' | 'connectPending' | 'connected' | 'closed';

export type SessionMove =
  | 'handshakeDone'
  | 'connect' // the peer's connect command (server) / our connect call (client)
  | 'accept'
  | 'reject'
  | 'protocolError';

export const TRANSITIONS: { readonly [S in SessionState]: Partial<Record<SessionMove, SessionState>> } = {
  handshake: { handshakeDone: 'awaitingConnect', protocolError: 'closed' },
  awaitingConnect: { connect: 'connectPending', protocolError: 'closed' },
  connectPending: { accept: 'connected', reject: 'closed', protocolError: 'closed' },
  connected: { protocolError: 'closed' },
  closed: {},
};

/** The state after `move`, or undefined when the move is not legal in `state`. */
export function nextState(state: SessionState, move: SessionMove): SessionState | undefined {
  return TRANSITIONS[state][move];
}
