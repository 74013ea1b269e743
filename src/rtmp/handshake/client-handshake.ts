// The client side of the handshake: C0+C1 out → S0+S1+S2 in → C2 out. In the digest form C1 carries a Flash
// Player digest; the server's S1 must then carry an FMS digest and S2 the signature keyed from C1's digest.
import { LocalProtocolError, RemoteProtocolError, RtmpErrorCode } from '../errors.js';
import { HandshakeInput } from './accumulator.js';
import { FMS_KEY, FMS_KEY_TEXT, FP_KEY, FP_KEY_TEXT, HANDSHAKE_SIZE, RTMP_VERSION } from './constants.js';
import { type DigestScheme, findDigest, imprintDigest, signResponse, verifyResponse } from './digest.js';
import { simpleEcho, simplePacket } from './simple.js';

export interface ClientHandshakeOptions {
  /** 'digest' signs C1 as Flash Player 9+ does; 'simple' sends a zero version. Defaults to 'digest'. */
  readonly mode?: 'digest' | 'simple';
  /** Digest placement scheme for C1. Defaults to 0 (as ffmpeg). */
  readonly scheme?: DigestScheme;
  /** The four version bytes C1 announces in the digest form. Defaults to [9, 0, 124, 2]. */
  readonly clientVersion?: readonly [number, number, number, number];
  readonly now?: () => number;
  readonly randomBytes: (n: number) => Buffer;
}

export type ClientHandshakeStep =
  | { readonly done: false; readonly reply: Buffer | undefined }
  | { readonly done: true; readonly reply: Buffer | undefined; readonly leftover: Buffer; readonly digest: boolean };

export class ClientHandshake {
  private readonly input = new HandshakeInput('S0');
  private c1: Buffer | undefined;
  private c1Digest: Buffer | undefined;
  private serverDigest = false;
  private finished = false;

  constructor(private readonly options: ClientHandshakeOptions) {}

  get done(): boolean {
    return this.finished;
  }

  /** C0 + C1. */
  start(): Buffer {
    const time = Math.floor(this.options.now?.() ?? 0) >>> 0;
    const out = Buffer.allocUnsafe(1 + HANDSHAKE_SIZE);
    out[0] = RTMP_VERSION;
    const c1 = out.subarray(1);
    if (this.options.mode === 'simple') {
      simplePacket(time, this.options.randomBytes).copy(c1);
    } else {
      this.options.randomBytes(HANDSHAKE_SIZE).copy(c1);
      c1.writeUInt32BE(time, 0);
      const version = this.options.clientVersion ?? [9, 0, 124, 2];
      for (let i = 0; i < 4; i++) c1[4 + i] = version[i] & 0xff;
      this.c1Digest = imprintDigest(c1, this.options.scheme ?? 0, FP_KEY_TEXT);
    }
    this.c1 = Buffer.from(c1);
    return out;
  }

  receive(bytes: Buffer): ClientHandshakeStep {
    if (this.c1 === undefined) {
      throw new LocalProtocolError('ClientHandshake.receive before start', { code: RtmpErrorCode.BadState });
    }
    if (this.finished) return { done: true, reply: undefined, leftover: bytes, digest: this.serverDigest };
    const answered = this.input.firstPacket !== undefined;
    const offset = this.input.take(bytes);
    const s1 = this.input.firstPacket;
    const reply = !answered && s1 !== undefined ? this.answer(s1) : undefined;
    const s2 = this.input.secondPacket;
    if (s2 === undefined) return { done: false, reply };
    if (this.serverDigest && this.c1Digest !== undefined && !verifyResponse(s2, FMS_KEY, this.c1Digest)) {
      throw new RemoteProtocolError('S2 signature does not match our C1 digest', { code: RtmpErrorCode.BadHandshakeDigest });
    }
    this.finished = true;
    return { done: true, reply, leftover: bytes.subarray(offset), digest: this.serverDigest };
  }

  /** C2 from S1. A server announcing a version must have signed S1 (as ffmpeg requires). */
  private answer(s1: Buffer): Buffer {
    if (this.c1Digest === undefined || s1.readUInt32BE(4) === 0) return simpleEcho(s1);
    const found = findDigest(s1, FMS_KEY_TEXT);
    if (found === undefined) {
      throw new RemoteProtocolError('S1 announces a version but carries no valid digest', {
        code: RtmpErrorCode.BadHandshakeDigest,
      });
    }
    this.serverDigest = true;
    const c2 = this.options.randomBytes(HANDSHAKE_SIZE);
    const out = Buffer.from(c2.subarray(0, HANDSHAKE_SIZE));
    signResponse(out, FP_KEY, found.digest);
    return out;
  }
}
