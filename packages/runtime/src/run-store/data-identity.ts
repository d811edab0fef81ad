import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { DataSource } from "@vaec/compiler";
import { listImages } from "../data/images.js";

/*
 * What the run's data is, for its identity. Built-in sets are named (their bytes ship with vaec);
 * file sources are identified by CONTENT: the sha256 of the .npy/.npz file, or of every image the
 * loader reads from a folder (name and bytes, in the loader's order). A content digest, unlike a
 * path + size + mtime triple, survives copying the data or the whole project to another machine
 * and catches a file replaced by another of the same size; it costs one read of the data (about
 * 0.1 s per 50 MB), cached per process by (path, size, mtime, inode).
 */

export type DataIdentity =
  | { kind: "sprites" | "mnist" }
  | { kind: "npy" | "npz"; bytes: number; sha256: string }
  | { kind: "images"; files: number; bytes: number; sha256: string }
  /** The data could not be read: training will report why, and no finished run can match. */
  | { kind: DataSource["kind"]; missing: string };

const cache = new Map<string, { bytes: number; sha256: string }>();

function fileDigest(file: string): { bytes: number; sha256: string } {
  const stat = fs.statSync(file);
  const key = `${path.resolve(file)}\u0000${stat.size}\u0000${stat.mtimeMs}\u0000${stat.ino}`;
  const known = cache.get(key);
  if (known) return known;
  const hash = crypto.createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
      hash.update(chunk.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  const digest = { bytes: stat.size, sha256: hash.digest("hex") };
  cache.set(key, digest);
  return digest;
}

/** The identity of `source`, whose relative paths resolve from `root` (the spec's folder). */
export function dataIdentity(source: DataSource, root: string): DataIdentity {
  try {
    switch (source.kind) {
      case "sprites":
      case "mnist":
        return { kind: source.kind };
      case "npy":
      case "npz": {
        const file = path.resolve(root, source.path);
        if (!fs.statSync(file).isFile()) return { kind: source.kind, missing: "not a file" };
        return { kind: source.kind, ...fileDigest(file) };
      }
      case "images": {
        const dir = path.resolve(root, source.dir);
        const names = listImages(dir);
        const hash = crypto.createHash("sha256");
        let bytes = 0;
        for (const name of names) {
          const file = fileDigest(path.join(dir, name));
          bytes += file.bytes;
          hash.update(`${name}\u0000${file.sha256}\n`);
        }
        return { kind: "images", files: names.length, bytes, sha256: hash.digest("hex") };
      }
    }
  } catch (error) {
    return { kind: source.kind, missing: (error as NodeJS.ErrnoException).code ?? "unreadable" };
  }
}
