// NetStream commands (RTMP specification 7.2.2): publish, play, pause, seek, receiveAudio/receiveVideo.
// Arguments are read leniently with the defaults Flash Player uses, since encoders leave trailing ones out.
import type { AmfValue } from '../../amf/index.js';
import type { PublishMode } from '../session/events.js';
import type { Command } from './command.js';

function num(v: AmfValue, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function flag(v: AmfValue, fallback: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return fallback;
}

/** publish(name, type): `undefined` when the name is not a string (NetStream.publish(false) stops publishing). */
export function parsePublish(command: Command): { name: string; mode: PublishMode } | undefined {
  const name = command.args[0];
  if (typeof name !== 'string') return undefined;
  const type = command.args[1];
  // 'appendWithGap' (FMS 3.5) appends too; anything unknown is live, as FMS does.
  const mode: PublishMode =
    type === 'record' ? 'record' : type === 'append' || type === 'appendWithGap' ? 'append' : 'live';
  return { name, mode };
}

/** play(name, start = -2, duration = -1, reset = true). */
export function parsePlay(command: Command): { name: string; start: number; duration: number; reset: boolean } | undefined {
  const name = command.args[0];
  if (typeof name !== 'string') return undefined;
  return {
    name,
    start: num(command.args[1], -2),
    duration: num(command.args[2], -1),
    reset: flag(command.args[3], true),
  };
}

/** pause(pause, milliseconds). */
export function parsePause(command: Command): { paused: boolean; position: number } {
  return { paused: flag(command.args[0], true), position: num(command.args[1], 0) };
}

/** seek(milliseconds). */
export function parseSeek(command: Command): { position: number } {
  return { position: Math.max(0, num(command.args[0], 0)) };
}

/** receiveAudio(flag) / receiveVideo(flag). */
export function parseReceive(command: Command): boolean {
  return flag(command.args[0], true);
}
