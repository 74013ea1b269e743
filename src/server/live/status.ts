// NetStream onStatus info objects as FMS sends them for live streams: level, code, description, details (the
// stream name) and clientid. Levels follow FMS: errors for refusals, warnings for InsufficientBW, status otherwise.
import type { AmfRecord } from '../../rtmp/index.js';

export const LiveStatus = {
  PublishStart: 'NetStream.Publish.Start',
  PublishBadName: 'NetStream.Publish.BadName',
  UnpublishSuccess: 'NetStream.Unpublish.Success',
  PlayReset: 'NetStream.Play.Reset',
  PlayStart: 'NetStream.Play.Start',
  PlayStop: 'NetStream.Play.Stop',
  PlayStreamNotFound: 'NetStream.Play.StreamNotFound',
  PlayPublishNotify: 'NetStream.Play.PublishNotify',
  PlayUnpublishNotify: 'NetStream.Play.UnpublishNotify',
  PlayInsufficientBW: 'NetStream.Play.InsufficientBW',
  PauseNotify: 'NetStream.Pause.Notify',
  UnpauseNotify: 'NetStream.Unpause.Notify',
  SeekFailed: 'NetStream.Seek.Failed',
  RecordStart: 'NetStream.Record.Start',
  RecordStop: 'NetStream.Record.Stop',
  RecordNoAccess: 'NetStream.Record.NoAccess',
  RecordFailed: 'NetStream.Record.Failed',
} as const;
export type LiveStatusCode = (typeof LiveStatus)[keyof typeof LiveStatus];

const levels: Partial<Record<LiveStatusCode, 'error' | 'warning'>> = {
  [LiveStatus.PublishBadName]: 'error',
  [LiveStatus.SeekFailed]: 'error',
  [LiveStatus.PlayStreamNotFound]: 'error',
  [LiveStatus.RecordNoAccess]: 'error',
  [LiveStatus.RecordFailed]: 'error',
  [LiveStatus.PlayInsufficientBW]: 'warning',
};

const descriptions: Record<LiveStatusCode, (name: string) => string> = {
  [LiveStatus.PublishStart]: (n) => `${n} is now published.`,
  [LiveStatus.PublishBadName]: (n) => `${n} is already being published.`,
  [LiveStatus.UnpublishSuccess]: (n) => `${n} is now unpublished.`,
  [LiveStatus.PlayReset]: (n) => `Playing and resetting ${n}.`,
  [LiveStatus.PlayStart]: (n) => `Started playing ${n}.`,
  [LiveStatus.PlayStop]: (n) => `Stopped playing ${n}.`,
  [LiveStatus.PlayStreamNotFound]: (n) => `Failed to play ${n}; stream not found.`,
  [LiveStatus.PlayPublishNotify]: (n) => `${n} is now published.`,
  [LiveStatus.PlayUnpublishNotify]: (n) => `${n} is now unpublished.`,
  [LiveStatus.PlayInsufficientBW]: (n) => `Insufficient bandwidth to play ${n}: frames dropped.`,
  [LiveStatus.PauseNotify]: (n) => `Pausing ${n}.`,
  [LiveStatus.UnpauseNotify]: (n) => `Unpausing ${n}.`,
  [LiveStatus.SeekFailed]: (n) => `Seeking ${n} failed: live streams cannot seek.`,
  [LiveStatus.RecordStart]: (n) => `Recording ${n}.`,
  [LiveStatus.RecordStop]: (n) => `Stopped recording ${n}.`,
  [LiveStatus.RecordNoAccess]: (n) => `Cannot record ${n}.`,
  [LiveStatus.RecordFailed]: (n) => `Recording ${n} failed; the stream goes on live.`,
};

/** The info object of one onStatus. `name` is the stream name as the client sent it. */
export function liveStatusInfo(code: LiveStatusCode, name: string, clientId: string): AmfRecord {
  return { level: levels[code] ?? 'status', code, description: descriptions[code](name), details: name, clientid: clientId };
}
