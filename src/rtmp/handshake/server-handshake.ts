// The server side of the handshake: C0+C1 in → S0+S1+S2 out → C2 in. When C1 announces a version and carries
// a Flash Player digest (either scheme), S1 gets an FMS digest in the same scheme and S2 is signed from C1's
// digest; Flash Player only plays H.264/AAC after this form. Otherwise the simple form, with a zero version in S1
// so that peers (ffmpeg checks S1 whenever its version byte is >= 3) never look for a digest we did not write.
import { HandshakeInput } from './accumulator.js';
import { FMS_KEY, FMS_KEY_TEXT, FP_KEY, FP_KEY_TEXT, HANDSHAKE_SIZE, RTMP_VERSION } from './constants.js';
import { type DigestScheme, findDigest, imprintDigest, signResponse, verifyResponse } from './digest.js';
import { simpleEcho, simplePacket } from './simple.js';

export type HandshakeMode = 'auto' | 'simple';

export interface ServerHandshakeOptions {
  /** 'auto' answers a digest C1 with the digest form and anything else with the simple form; 'simple' never signs.
   * Defaults to 'auto'. */
  readonly mode?: HandshakeMode;
  /** The four version bytes S1 announces in the digest form. Defaults to [3, 5, 7, 1]. */
  readonly serverVersion?: readonly [number, number, number, number];
  /** Milliseconds for S1's time field. Defaults to 0. */
  readonly now?: () => number;
  /** Randomness for S1/S2. */
  readonly randomBytes: (n: number) => Buffer;
  /** Check C2's signature in the digest form (two more HMACs; the result is only informational). Defaults to false. */
  readonly verifyPeerSignature?: boolean;
}

export type HandshakeStep =
  | { readonly done: false; readonly reply: Buffer | undefined }
  | {
      readonly done: true;
      readonly reply: Buffer | undefined;
      /** Bytes after C2: the first chunk-stream input. */
      readonly leftover: Buffer;
      /** Whether the digest form was used. */
      readonly digest: boolean;
      /** With verifyPeerSignature, in the digest form: whether C2 carried the signature keyed from our S1 digest
       * (informational). Undefined when not checked. */
      readonly peerSignatureValid: boolean | undefined;
    };

export class ServerHandshake {
  private readonly input = new HandshakeInput('C0');
  private s1Digest: Buffer | undefined;
  private usedDigest = false;
  private finished = false;

  constructor(private readonly options: ServerHandshakeOptions) {}

  get done(): boolean {
    return this.finished;
  }

  /** Feeds peer bytes; returns what to send and, once C2 is in, the bytes that follow it. */
  receive(bytes: Buffer): HandshakeStep {
    if (this.finished) return { done: true, reply: undefined, leftover: bytes, digest: this.usedDigest, peerSignatureValid: undefined };
    const answered = this.input.firstPacket !== undefined;
    const offset = this.input.take(bytes);
    const c1 = this.input.firstPacket;
    const reply = !answered && c1 !== undefined ? this.answer(c1) : undefined;
    const c2 = this.input.secondPacket;
    if (c2 === undefined) return { done: false, reply };
    this.finished = true;
    const peerSignatureValid =
      this.options.verifyPeerSignature === true && this.s1Digest !== undefined
        ? verifyResponse(c2, FP_KEY, this.s1Digest)
        : undefined;
    return { done: true, reply, leftover: bytes.subarray(offset), digest: this.usedDigest, peerSignatureValid };
  }

  private answer(c1: Buffer): Buffer {
    const time = Math.floor(this.options.now?.() ?? 0) >>> 0;
    const out = Buffer.allocUnsafe(1 + 2 * HANDSHAKE_SIZE);
    out[0] = RTMP_VERSION;
    const s1 = out.subarray(1, 1 + HANDSHAKE_SIZE);
    const s2 = out.subarray(1 + HANDSHAKE_SIZE);
    const c1Version = c1.readUInt32BE(4);
    const found =
      this.options.mode !== 'simple' && c1Version !== 0 ? findDigest(c1, FP_KEY_TEXT) : undefined;
    if (found === undefined) {
      simplePacket(time, this.options.randomBytes).copy(s1);
      simpleEcho(c1).copy(s2);
      return out;
    }
    this.usedDigest = true;
    this.writeDigestS1(s1, time, found.scheme);
    this.options.randomBytes(HANDSHAKE_SIZE).copy(s2);
    signResponse(s2, FMS_KEY, found.digest);
    return out;
  }

  private writeDigestS1(s1: Buffer, time: number, scheme: DigestScheme): void {
    this.options.randomBytes(HANDSHAKE_SIZE).copy(s1);
    s1.writeUInt32BE(time, 0);
    const version = this.options.serverVersion ?? [3, 5, 7, 1];
    for (let i = 0; i < 4; i++) s1[4 + i] = version[i] & 0xff;
    this.s1Digest = imprintDigest(s1, scheme, FMS_KEY_TEXT);
  }
}
