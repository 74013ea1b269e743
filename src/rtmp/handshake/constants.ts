// Fixed sizes and keys of the RTMP handshake (RTMP specification 5.2, and the Flash Player 9 "digest" form that
// Adobe never published but every real peer implements: the keys below are the ones all of them share).

/** The RTMP version byte of C0/S0 for plain RTMP. */
export const RTMP_VERSION = 3;
/** Size of C1, S1, C2 and S2. */
export const HANDSHAKE_SIZE = 1536;
/** Size of an HMAC-SHA256 digest. */
export const DIGEST_SIZE = 32;

const keyTail = Buffer.from('f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae', 'hex');

/** The Flash Media Server key: the first 36 bytes sign S1, all 68 derive the key that signs S2. */
export const FMS_KEY: Buffer = Buffer.concat([Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1'), keyTail]);
/** The Flash Player key: the first 30 bytes sign C1, all 62 derive the key that signs C2. */
export const FP_KEY: Buffer = Buffer.concat([Buffer.from('Genuine Adobe Flash Player 001', 'latin1'), keyTail]);
/** Length of the text part of FMS_KEY (what signs S1). */
export const FMS_KEY_TEXT_LENGTH = 36;
/** Length of the text part of FP_KEY (what signs C1). */
export const FP_KEY_TEXT_LENGTH = 30;
/** FMS_KEY's text part: the key of S1 digests. One object, so its precomputed HMAC is reused. */
export const FMS_KEY_TEXT: Buffer = FMS_KEY.subarray(0, FMS_KEY_TEXT_LENGTH);
/** FP_KEY's text part: the key of C1 digests. */
export const FP_KEY_TEXT: Buffer = FP_KEY.subarray(0, FP_KEY_TEXT_LENGTH);
