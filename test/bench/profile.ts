/** Reads a V8 .cpuprofile (node --cpu-prof) and lists where the time went. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Hotspot {
  function: string;
  /** file:line, relative to the repository when inside it. */
  where: string;
  selfMs: number;
  selfPct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  functions: Hotspot[];
  /** Self time per source file. */
  files: { where: string; selfMs: number; selfPct: number }[];
}

export function summarizeProfile(file: string, repoRoot: string, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0) / 1000;
  const fnAgg = new Map<string, Hotspot>();
  const fileAgg = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    const shortUrl = url ? (url.startsWith(repoRoot) ? relative(repoRoot, url) : url) : '(native)';
    const full = n.callFrame.functionName || (url ? '(anonymous)' : '(program)');
    const name = full.length > 300 ? full.slice(0, 297) + '...' : full;
    const where = url ? `${shortUrl}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const h = fnAgg.get(key) ?? { function: name, where, selfMs: 0, selfPct: 0 };
    h.selfMs += us / 1000;
    fnAgg.set(key, h);
    fileAgg.set(shortUrl, (fileAgg.get(shortUrl) ?? 0) + us / 1000);
  }
  const functions = [...fnAgg.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  for (const f of functions) f.selfPct = total ? (100 * f.selfMs) / total : 0;
  const files = [...fileAgg.entries()]
    .map(([where, selfMs]) => ({ where, selfMs, selfPct: total ? (100 * selfMs) / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return { file: relative(repoRoot, file), totalMs: total, functions, files };
}

/** The newest .cpuprofile in a directory. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  return files.length ? join(dir, files[files.length - 1]) : undefined;
}
