import fs from "node:fs";

/*
 * The file-system calls the run store writes through. A plain object, so a test can make one of
 * them fail the way a full disk does (`vi.spyOn(storeFs, "writeSync")` throwing ENOSPC) and check
 * that the store cleans up and reports it: no tmpfs or root needed.
 */
export const storeFs = {
  openSync: fs.openSync,
  writeSync: (fd: number, data: Uint8Array, offset: number, length: number): number =>
    fs.writeSync(fd, data, offset, length),
  fsyncSync: fs.fsyncSync,
  ftruncateSync: fs.ftruncateSync,
  fstatSync: (fd: number) => fs.fstatSync(fd),
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  mkdirSync: (dir: string) => fs.mkdirSync(dir, { recursive: true }),
};
