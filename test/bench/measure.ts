/**
 * Runs one command as a child process and measures it: wall time, peak RSS and CPU time (from
 * GNU time when the machine has /usr/bin/time), with an optional time limit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  wallMs: number;
  /** Peak resident set size of the command (largest of its processes), MiB; null if unknown. */
  peakRssMiB: number | null;
  /** User + system CPU seconds; null if unknown. */
  cpuS: number | null;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Keep at most this many bytes of stdout (default 256 MiB). */
  maxStdout?: number;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export async function measure(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<Measured> {
  const useTime = hasGnuTime();
  const tmp = useTime ? mkdtempSync(join(tmpdir(), 'palisade-bench-')) : '';
  const timeOut = join(tmp, 'time.txt');
  const file = useTime ? GNU_TIME : cmd;
  const argv = useTime ? ['-f', '%e %M %U %S', '-o', timeOut, cmd, ...args] : [...args];
  const maxStdout = opts.maxStdout ?? 256 * 1024 * 1024;

  return new Promise<Measured>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => {
      if (outLen < maxStdout) out.push(b);
      outLen += b.length;
    });
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 1000) err.push(b);
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          // The child leads its own process group (detached): end that group only.
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (timer) clearTimeout(timer);
      let peakRssMiB: number | null = null;
      let cpuS: number | null = null;
      if (useTime) {
        try {
          const lines = readFileSync(timeOut, 'utf8').trim().split('\n');
          const f = lines[lines.length - 1].trim().split(/\s+/).map(Number);
          if (f.length === 4 && f.every((x) => Number.isFinite(x))) {
            peakRssMiB = f[1] / 1024;
            cpuS = f[2] + f[3];
          }
        } catch {
          // no figures
        }
        rmSync(tmp, { recursive: true, force: true });
      }
      resolve({
        wallMs,
        peakRssMiB,
        cpuS,
        exitCode: code,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
