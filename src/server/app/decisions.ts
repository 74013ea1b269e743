// Normalises what application hooks return into what the session is told.
import type { AmfRecord } from '../../rtmp/session/events.js';
import type { ConnectDecision, StreamDecision } from '../application.js';

export type ConnectOutcome =
  | { readonly kind: 'accept'; readonly properties?: AmfRecord; readonly information?: AmfRecord }
  | { readonly kind: 'reject'; readonly description: string; readonly extra?: AmfRecord }
  | { readonly kind: 'redirect'; readonly url: string; readonly description: string };

export function connectOutcome(decision: ConnectDecision): ConnectOutcome {
  if (decision === undefined || decision === true) return { kind: 'accept' };
  if (decision === false) return { kind: 'reject', description: 'Connection rejected.' };
  if (typeof decision === 'object' && decision !== null) {
    if ('accept' in decision && decision.accept === true) {
      return { kind: 'accept', properties: decision.properties, information: decision.information };
    }
    if ('reject' in decision) {
      const extra: AmfRecord | undefined = decision.application === undefined ? undefined : { application: decision.application };
      return { kind: 'reject', description: String(decision.reject), extra };
    }
    if ('redirect' in decision && typeof decision.redirect === 'string') {
      return { kind: 'redirect', url: decision.redirect, description: decision.description ?? 'Connection redirected.' };
    }
  }
  return { kind: 'reject', description: 'Connection rejected.' };
}

export type StreamOutcome =
  | { readonly kind: 'accept'; readonly rename?: string }
  | { readonly kind: 'reject'; readonly description: string; readonly code?: string };

export function streamOutcome(decision: StreamDecision): StreamOutcome {
  if (decision === undefined || decision === true) return { kind: 'accept' };
  if (decision === false) return { kind: 'reject', description: 'Refused by the application.' };
  if (typeof decision === 'object' && decision !== null) {
    if ('rename' in decision && typeof decision.rename === 'string') return { kind: 'accept', rename: decision.rename };
    if ('reject' in decision) return { kind: 'reject', description: String(decision.reject), code: decision.code };
  }
  return { kind: 'reject', description: 'Refused by the application.' };
}
