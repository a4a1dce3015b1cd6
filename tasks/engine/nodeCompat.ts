/**
 * Node APIs the task uses that are newer than Node 16, with the Node 16 way beside them. The
 * task runs under the agent's Node16 handler on Azure DevOps Server 2022.0/2022.1 (agent 3.225
 * has no Node20_1); test/tasks/engine/nodeCompat.test.ts keeps newer APIs out of the rest of the task.
 */
import * as buffer from 'node:buffer';
import * as os from 'node:os';

type IsUtf8 = (input: ArrayBufferView | ArrayBuffer) => boolean;

const nativeIsUtf8 = (buffer as { isUtf8?: IsUtf8 }).isUtf8;
const nativeIsAscii = (buffer as { isAscii?: IsUtf8 }).isAscii;
/** Made on first use: a fatal TextDecoder costs ~1 ms to make, and Node 18.14+ never needs it. */
let strictUtf8: TextDecoder | undefined;

/** buffer.isUtf8 (Node 18.14+), else a strict decode. */
export function isValidUtf8(buf: Uint8Array): boolean {
  if (nativeIsUtf8) return nativeIsUtf8(buf);
  try {
    (strictUtf8 ??= new TextDecoder('utf-8', { fatal: true })).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** buffer.isAscii (Node 19.6+), else a byte loop. */
export function isAsciiBytes(buf: Uint8Array): boolean {
  if (nativeIsAscii) return nativeIsAscii(buf);
  for (let i = 0; i < buf.length; i++) if (buf[i] > 0x7f) return false;
  return true;
}

/** os.availableParallelism (Node 18.14+), else the number of CPUs. */
export function cpuCount(): number {
  const available = (os as { availableParallelism?: () => number }).availableParallelism;
  return typeof available === 'function' ? available() : Math.max(1, os.cpus().length);
}
