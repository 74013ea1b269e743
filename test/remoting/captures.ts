// Bytes of real Flash/Flex traffic published by other projects, shared by the remoting tests.
// - DSK, DSC: BlazeDS/Flex small messages from PyAMF, pyamf/tests/test_flex_messaging.py (SmallMessageTestCase).
// - PING: a Flex client's first CommandMessage (operation 5, DSId "nil", DSMessagingVersion 1), published as
//   test_1.amf3 with an AMF3 decoder script (amf3_Decode.py).
// - CREDENTIALS_PACKET: a Flash client's packet with an AMF3 Credentials header, from PyAMF
//   pyamf/tests/test_remoting.py (test_multiple_request_header_references).
export { hex } from './helpers.js';
import { hex } from './helpers.js';

export const DSK = hex(`0a 07 07 44 53 4b a8 03 0a 0b 01 25 44 53 4d 65 73 73 61 67 69 6e 67 56 65 72 73 69 6f 6e 05 3f f0 00 00
  00 00 00 00 09 44 53 49 64 06 49 45 45 30 44 31 36 31 44 2d 43 31 31 44 2d 32 35 43 42 2d 38 44 42 45 2d 33 42 37
  37 42 35 34 42 35 35 44 39 01 05 42 72 33 26 6d 85 10 00 0c 21 ee 0d 16 1d c1 28 26 5b c9 80 52 4b 9b 45 c6 c4 0c
  21 ee 0d 16 1d c1 3d 8e a3 e0 10 ef ad 3b e5 c5 6a 02 0c 21 53 84 83 db a9 c8 ca 4d 60 95 32 66 db 51 c9 3c 00`);

export const DSC = hex(`0a 07 07 44 53 43 88 02 0a 0b 01 09 44 53 49 64 06 49 45 45 30 44 31 36 31 44 2d 43 31 31 44 2d 32 35 43
  42 2d 38 44 42 45 2d 33 42 37 37 42 35 34 42 35 35 44 39 01 0c 21 c0 df b7 7c d6 ee 24 31 73 15 32 66 e1 31 a8 66
  01 06 01 01 04 02`);

export const PING = hex(`0a 81 13 4d 66 6c 65 78 2e 6d 65 73 73 61 67 69 6e 67 2e 6d 65 73 73 61 67 65 73 2e 43 6f 6d 6d 61 6e 64
  4d 65 73 73 61 67 65 13 6f 70 65 72 61 74 69 6f 6e 1b 63 6f 72 72 65 6c 61 74 69 6f 6e 49 64 13 6d 65 73 73 61 67
  65 49 64 11 63 6c 69 65 6e 74 49 64 15 74 69 6d 65 54 6f 4c 69 76 65 13 74 69 6d 65 73 74 61 6d 70 0f 68 65 61 64
  65 72 73 17 64 65 73 74 69 6e 61 74 69 6f 6e 09 62 6f 64 79 04 05 06 01 06 49 35 30 41 34 33 41 34 32 2d 36 41 42
  33 2d 46 41 35 42 2d 30 36 30 31 2d 41 41 36 35 38 46 36 30 43 31 46 35 01 04 00 04 00 0a 0b 01 09 44 53 49 64 06
  07 6e 69 6c 25 44 53 4d 65 73 73 61 67 69 6e 67 56 65 72 73 69 6f 6e 04 01 01 06 01 0a 05 01`);

export const CREDENTIALS_PACKET = hex(`0000 0001 000b 43726564656e7469616c73 00 0000002c 11 0a0b01 0d757365726964 061f67656e6f70726f5c40676572617264
  11 70617373776f7264 06096767676701 0001 000b 63726561746547726f7570 0002 2f31 0000001c 0a00000001 11 0a0b01
  0973747241 060974657374 0973747242 0602 01`);
