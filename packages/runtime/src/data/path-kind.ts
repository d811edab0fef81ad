import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  statSync,
} from "node:fs";
import type { Stats } from "node:fs";

/*
 * What a data path is, without opening it: a FIFO, /dev/zero, a folder or a symbolic-link loop
 * must be named as what it is (VAE517), not reported as missing, and never read (reading a FIFO
 * blocks until a writer comes; /dev/zero never ends). stat follows symbolic links, and the
 * operating system stops a loop of them (ELOOP).
 */

export type PathKind =
  | { kind: "file"; size: number }
  | { kind: "folder" }
  | { kind: "missing" }
  /** Anything else: a FIFO, a device, a socket, a looping or dangling link, an unreadable path. */
  | { kind: "other"; what: string };

export function pathKind(path: string): PathKind {
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return { kind: "other", what: "a symbolic link that loops" };
    const reason = e instanceof Error ? e.message : String(e);
    return { kind: "other", what: `a path that cannot be examined (${reason})` };
  }
  if (stats === undefined) return danglingLink(path) ?? { kind: "missing" };
  if (stats.isFile()) return { kind: "file", size: stats.size };
  if (stats.isDirectory()) return { kind: "folder" };
  return { kind: "other", what: describeSpecial(stats) };
}

/** A symbolic link whose target does not exist: named, since the link itself is there. */
function danglingLink(path: string): PathKind | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
    return {
      kind: "other",
      what: `a symbolic link to \`${readlinkSync(path)}\`, which does not exist`,
    };
  } catch {
    return undefined;
  }
}

function describeSpecial(stats: Stats): string {
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Opens `path` for reading without ever blocking: O_NONBLOCK makes opening a FIFO return at
 * once (a file swapped for one after pathKind looked), and the open file is checked to be a
 * regular file before a byte is read. Returns the descriptor and its size; throws otherwise.
 */
export function openRegularFile(path: string): { fd: number; size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new Error(`it is ${describeSpecial(stats)}, not a regular file`);
  }
  return { fd, size: stats.size };
}
