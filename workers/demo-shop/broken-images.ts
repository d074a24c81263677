/**
 * The deliberately bad images. Each is served as image/png and each should be rejected by a
 * careful crawler before it can hurt:
 *  - dimension bomb: a genuinely valid 30000 x 30000 PNG of ~110 KB that would inflate to
 *    112 MB of 1-bit pixels (and gigabytes as RGBA); reject by IHDR dimensions.
 *  - huge body: a valid 3000 x 3000 RGB PNG of ~27 MB (uncompressed deflate blocks), streamed
 *    lazily; reject by a byte cap (e.g. 25 MB), ideally from Content-Length.
 *  - corrupt: a real painting PNG cut off in the middle of its pixel data, with no IEND.
 */
import { PNG_SIGNATURE, adler32Update, concatBytes, crc32Update, ihdr, pngChunk, uint32, ascii } from "./png-chunks.ts";

export const BOMB_SIDE = 30_000;
export const HUGE_SIDE = 3_000;

/** Deflates `rows` copies of `row` through CompressionStream, never holding the raw data. */
async function zlibOfRepeatedRow(row: Uint8Array<ArrayBuffer>, rows: number): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new CompressionStream("deflate");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const rowsPerWrite = Math.max(1, Math.floor((1 << 20) / row.length));
  const block = new Uint8Array(new ArrayBuffer(row.length * rowsPerWrite));
  for (let i = 0; i < rowsPerWrite; i++) block.set(row, i * row.length);
  const writing = (async () => {
    for (let done = 0; done < rows; done += rowsPerWrite) {
      const count = Math.min(rowsPerWrite, rows - done);
      await writer.write(count === rowsPerWrite ? block : block.subarray(0, count * row.length));
    }
    await writer.close();
  })();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await writing;
  return concatBytes(chunks);
}

let bomb: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The 30000 x 30000 1-bit greyscale PNG (built once, lazily; takes a fraction of a second). */
export function dimensionBombPng(): Promise<Uint8Array<ArrayBuffer>> {
  bomb ??= (async () => {
    // One scanline: filter byte 0, then 1 bit per pixel, all black.
    const row = new Uint8Array(new ArrayBuffer(1 + Math.ceil(BOMB_SIDE / 8)));
    const zlib = await zlibOfRepeatedRow(row, BOMB_SIDE);
    return concatBytes([PNG_SIGNATURE, ihdr(BOMB_SIDE, BOMB_SIDE, 1, 0), pngChunk("IDAT", zlib), pngChunk("IEND", new Uint8Array(0))]);
  })();
  return bomb;
}

const STORED_BLOCK = 65_535;

/** Byte length of the huge PNG, known up front so it can be sent as Content-Length. */
export function hugePngLength(): number {
  const raw = HUGE_SIDE * (1 + HUGE_SIDE * 3);
  const blocks = Math.ceil(raw / STORED_BLOCK);
  const zlib = 2 + raw + blocks * 5 + 4;
  return PNG_SIGNATURE.length + 25 + (12 + zlib) + 12;
}

/**
 * The ~27 MB PNG as a stream: zlib "stored" blocks of mid-grey scanlines, generated chunk by
 * chunk so the shop never holds it in memory.
 */
export function hugePngStream(): ReadableStream<Uint8Array> {
  const rowBytes = 1 + HUGE_SIDE * 3;
  const raw = HUGE_SIDE * rowBytes;
  const zlibLength = 2 + raw + Math.ceil(raw / STORED_BLOCK) * 5 + 4;
  let produced = 0;
  let crc = crc32Update(0xffffffff, ascii("IDAT"));
  let adler: [number, number] = [1, 0];
  let phase: "head" | "blocks" | "tail" | "done" = "head";
  const rawByte = (offset: number): number => (offset % rowBytes === 0 ? 0 : 128);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (phase === "head") {
        const zlibHeader = new Uint8Array([0x78, 0x01]);
        crc = crc32Update(crc, zlibHeader);
        controller.enqueue(concatBytes([PNG_SIGNATURE, ihdr(HUGE_SIDE, HUGE_SIDE, 8, 2), uint32(zlibLength), ascii("IDAT"), zlibHeader]));
        phase = "blocks";
        return;
      }
      if (phase === "blocks") {
        const size = Math.min(STORED_BLOCK, raw - produced);
        const last = produced + size === raw;
        const block = new Uint8Array(5 + size);
        block[0] = last ? 1 : 0;
        block[1] = size & 0xff;
        block[2] = size >>> 8;
        block[3] = ~size & 0xff;
        block[4] = (~size >>> 8) & 0xff;
        for (let i = 0; i < size; i++) block[5 + i] = rawByte(produced + i);
        adler = adler32Update(adler, block.subarray(5));
        crc = crc32Update(crc, block);
        produced += size;
        controller.enqueue(block);
        if (last) phase = "tail";
        return;
      }
      if (phase === "tail") {
        const trailer = uint32(((adler[1] << 16) | adler[0]) >>> 0);
        crc = crc32Update(crc, trailer);
        controller.enqueue(concatBytes([trailer, uint32((crc ^ 0xffffffff) >>> 0), pngChunk("IEND", new Uint8Array(0))]));
        phase = "done";
        return;
      }
      controller.close();
    },
  });
}

/** A real PNG cut short inside IDAT: right signature and header, undecodable body. */
export function corruptPng(realPng: Uint8Array): Uint8Array<ArrayBuffer> {
  const cut = Math.max(PNG_SIGNATURE.length + 25 + 16, Math.floor(realPng.length * 0.45));
  return concatBytes([realPng.subarray(0, cut)]);
}
