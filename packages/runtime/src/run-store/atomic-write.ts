import fs from "node:fs";
import { writeFailure } from "./store-error.js";
import { storeFs } from "./store-fs.js";

let counter = 0;

/** Writes every byte of `bytes` at the fd's position (a write may take fewer bytes than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.byteLength;) {
    done += storeFs.writeSync(fd, bytes, done, bytes.byteLength - done);
  }
}

/**
 * Writes `content` to `file` atomically: a temp file beside it, fsync, then rename over it, so
 * readers see the old file or the new one, never a part. When anything fails (a full disk) the
 * temp file is removed and a RunStoreError with a coded diagnostic is thrown.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const temp = `${file}.tmp-${process.pid}-${counter++}`;
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  let fd: number | undefined;
  try {
    fd = storeFs.openSync(temp, "w");
    writeAll(fd, bytes);
    storeFs.fsyncSync(fd);
    storeFs.closeSync(fd);
    fd = undefined;
    storeFs.renameSync(temp, file);
  } catch (error) {
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(temp, { force: true });
    } catch {
      // Cleaning up is best effort; the write's own failure is what the user needs to see.
    }
    throw writeFailure(file, error);
  }
}

/** `writeFileAtomic` of pretty-printed JSON with a final newline. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + "\n");
}
