import { closeSync, constants, fstatSync, openSync, readSync, statfsSync } from 'node:fs';
import type { SkippedPath } from '../../contract/findings';

/**
 * The largest file the scanner turns into text, whatever the size cap says: beyond it the
 * decoded string nears V8's limit on string length (2^29 characters) and the copies a scan
 * makes of it would exhaust the agent's memory.
 */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

/** First read size for a file whose size the file system does not tell (size 0). */
const FIRST_CHUNK = 64 * 1024;

export type Skip = Omit<SkippedPath, 'path'>;

/**
 * `beforeRead`: the skip was decided from the open file's size or device before any byte was
 * read, the way a walk that stats the file decides it (see readBounded's `listedDev`).
 */
export type ReadResult = { bytes: Buffer } | { skip: Skip; beforeRead?: true };

/** The size limit that applies to a file: the configured cap, never above MAX_TEXT_BYTES. */
export function effectiveLimit(maxFileSize: number): number {
  return Math.min(maxFileSize, MAX_TEXT_BYTES);
}

export function tooLargeDetail(size: number, maxFileSize: number): string {
  return maxFileSize > MAX_TEXT_BYTES && size > MAX_TEXT_BYTES
    ? `${size} bytes > ${MAX_TEXT_BYTES}, the most Palisade reads as text (whatever maxFileSize says)`
    : `${size} bytes > ${maxFileSize}`;
}

/**
 * Reads a regular file, at most `maxFileSize` bytes of it (one more tells that it is larger).
 * The size the file system claims is not trusted: files in /proc say 0 and hold more, and a
 * file can grow between the walk and the read. Opened without blocking and checked again on
 * the open descriptor, so a FIFO or device swapped in after the walk is refused, not waited on.
 *
 * `listedDev`: the device of the folder the walk listed the file in, when the walk did not stat
 * the file. A file on another device is a mount, refused like a folder on a kernel file system.
 */
export function readBounded(abs: string, maxFileSize: number, scratch?: ReadScratch, listedDev?: number): ReadResult {
  const limit = effectiveLimit(maxFileSize);
  let fd: number;
  try {
    // O_NONBLOCK is undefined on Windows, where opening a pipe by path does not block on read.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { skip: { reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code } };
  }
  try {
    // Plain stats: on this Node the BigInt ones cost more (ten BigInts and four nanosecond times
    // per file: ~9.7K against ~5.9K instructions a call); size and device are exact as numbers.
    const st = fstatSync(fd);
    if (!st.isFile()) return { skip: { reason: 'special-file', detail: specialKind(st) } };
    if (listedDev !== undefined && Number(st.dev) !== listedDev) {
      const fs = (virtualFs ??= new VirtualFsProbe()).check(abs, Number(st.dev));
      if (fs) return { skip: { reason: 'special-file', detail: `on ${fs}, a kernel file system` }, beforeRead: true };
    }
    const size = Number(st.size);
    if (size > limit) return { skip: { reason: 'too-large', detail: tooLargeDetail(size, maxFileSize) }, beforeRead: true };
    const want = Math.min(limit + 1, size > 0 ? size + 1 : FIRST_CHUNK);
    // One buffer per thread for the usual file: no allocation, no page faults per file.
    let buf = scratch && want <= SCRATCH_MAX ? (scratch.buf.length >= want ? scratch.buf : (scratch.buf = Buffer.allocUnsafe(Math.max(want, 2 * scratch.buf.length)))) : Buffer.allocUnsafe(want);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (len > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
      // The size was taken on the open file: once it is read, a further read would only say so.
      // A size of 0 is not believed (files in /proc hold more), nor a file that grew past it.
      if (size > 0 && len === size) break;
    }
    if (len > limit) {
      return { skip: { reason: 'too-large', detail: `more than ${limit} bytes read (the file system said ${size})${maxFileSize > MAX_TEXT_BYTES ? `; ${MAX_TEXT_BYTES} bytes is the most Palisade reads as text` : ''}` } };
    }
    return { bytes: buf.subarray(0, len) };
  } catch (e) {
    return { skip: { reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message } };
  } finally {
    closeSync(fd);
  }
}

/** This thread's probe for files the walk did not stat (see readBounded). */
let virtualFs: VirtualFsProbe | undefined;

/** Files up to this size are read into a thread's reused buffer; larger ones get their own. */
const SCRATCH_MAX = 4 * 1024 * 1024;

/** A read buffer reused from file to file: `bytes` of a read that used it are valid until the next read. */
export interface ReadScratch {
  buf: Buffer;
}

export function newReadScratch(): ReadScratch {
  return { buf: Buffer.allocUnsafe(256 * 1024) };
}

/** Reads a small text file the walker itself needs (.gitignore): never a special file, never more than `max` bytes. */
export function readSmallText(abs: string, max = 1024 * 1024): string | undefined {
  const r = readBounded(abs, max);
  return 'bytes' in r ? r.bytes.toString('utf8') : undefined;
}

export function specialKind(st: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (st.isFIFO()) return 'named pipe (FIFO)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isDirectory()) return 'directory';
  return 'not a regular file';
}

/**
 * Linux file systems whose files are views of the kernel (their sizes are made up, reads can
 * block or never end): by statfs magic number.
 */
const VIRTUAL_FS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x1cd1: 'devpts',
  0xcafe4a11: 'bpf',
  0x62656570: 'configfs',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x65735543: 'fusectl',
  0xf97cff8c: 'selinuxfs',
  0x42494e4d: 'binfmt_misc',
  0x19800202: 'mqueue',
};

/**
 * Tells whether a path lies on a kernel file system (/proc, /sys...), one statfs per device.
 * Only Linux has them; elsewhere the file-type checks suffice.
 */
export class VirtualFsProbe {
  private readonly byDev = new Map<number, string | null>();

  /** The file system's name when `abs` (on device `dev`) is on a virtual one, else null. */
  check(abs: string, dev: number): string | null {
    if (process.platform !== 'linux') return null;
    let v = this.byDev.get(dev);
    if (v === undefined) {
      try {
        v = VIRTUAL_FS[Number(statfsSync(abs).type)] ?? null;
      } catch {
        v = null;
      }
      this.byDev.set(dev, v);
    }
    return v;
  }
}
