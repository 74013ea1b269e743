// Reads the tags of an FLV file from disk in bounded chunks (never the whole file in memory).
import { open } from 'node:fs/promises';
import { MediaError } from '../errors.js';
import { decodeFlvHeader, FLV_HEADER_BYTES, FLV_MAX_TAG_DATA, flvTagBytes, readFlvTagAt, type FlvTagAt } from './tag.js';

const CHUNK = 1 << 20;

/** Yields every complete tag with its file offset. A cut-off last tag (crash) ends the iteration quietly. */
export async function* readFlvFileTags(path: string, maxTagData = FLV_MAX_TAG_DATA): AsyncGenerator<FlvTagAt> {
  const fh = await open(path, 'r');
  try {
    let buf = Buffer.alloc(0);
    let bufStart = 0; // file offset of buf[0]
    let eof = false;
    const fill = async (need: number): Promise<void> => {
      while (!eof && buf.length < need) {
        const chunk = Buffer.allocUnsafe(Math.max(CHUNK, need - buf.length));
        const { bytesRead } = await fh.read(chunk, 0, chunk.length, bufStart + buf.length);
        if (bytesRead === 0) eof = true;
        buf = Buffer.concat([buf, chunk.subarray(0, bytesRead)]);
      }
    };
    await fill(FLV_HEADER_BYTES);
    const header = decodeFlvHeader(buf);
    let pos = header.dataOffset + 4;
    for (;;) {
      // Drop what was consumed so the buffer stays about one chunk plus one tag.
      if (pos - bufStart > CHUNK) { buf = buf.subarray(pos - bufStart); bufStart = pos; }
      await fill(pos - bufStart + 11);
      if (buf.length - (pos - bufStart) >= 11) {
        const size = buf.readUIntBE(pos - bufStart + 1, 3);
        if (size > maxTagData) throw new MediaError('MEDIA_ERR_TOO_LARGE', `FLV tag of ${size} bytes`, pos);
        await fill(pos - bufStart + flvTagBytes(size));
      }
      const tag = readFlvTagAt(buf, pos - bufStart, maxTagData);
      if (tag === undefined) return;
      yield { ...tag, offset: pos };
      pos += flvTagBytes(tag.data.length);
    }
  } finally {
    await fh.close();
  }
}
