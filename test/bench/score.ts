/**
 * Scores a scanner's findings against what the corpus planted: recall per secret kind,
 * look-alikes reported, git-ignored secrets reported.
 */
import type { CorpusManifest, PlantedSecret } from './corpus';
import { Rng } from './prng';
import { SECRET_KINDS, type Lang } from './secretKinds';

export interface Located {
  path: string;
  line: number;
}

export interface KindScore {
  planted: number;
  found: number;
}

export interface Score {
  planted: number;
  found: number;
  /** found / planted over all kinds. */
  recall: number;
  byKind: Record<string, KindScore>;
  /** Findings on look-alike lines (placeholders, references): false positives. */
  decoysReported: number;
  /** Findings in git-ignored files. */
  ignoredReported: number;
  /** Findings on no planted line (noise, or duplicates). */
  otherFindings: number;
}

function key(path: string, line: number): string {
  return `${path}\n${line}`;
}

export function scoreFindings(m: Pick<CorpusManifest, 'planted' | 'decoys' | 'ignoredPlanted'>, findings: readonly Located[]): Score {
  const at = new Set(findings.map((f) => key(f.path, f.line)));
  const hitBy = (s: PlantedSecret): boolean => {
    for (let l = s.line; l <= s.endLine; l++) if (at.has(key(s.path, l))) return true;
    return false;
  };
  const byKind: Record<string, KindScore> = {};
  for (const k of SECRET_KINDS) byKind[k.id] = { planted: 0, found: 0 };
  const explained = new Set<string>();
  let found = 0;
  for (const s of m.planted) {
    const k = (byKind[s.kind] ??= { planted: 0, found: 0 });
    k.planted++;
    for (let l = s.line; l <= s.endLine; l++) explained.add(key(s.path, l));
    if (hitBy(s)) {
      k.found++;
      found++;
    }
  }
  let decoysReported = 0;
  for (const d of m.decoys) {
    explained.add(key(d.path, d.line));
    if (at.has(key(d.path, d.line))) decoysReported++;
  }
  const ignoredPaths = new Set(m.ignoredPlanted.map((s) => s.path));
  let ignoredReported = 0;
  let otherFindings = 0;
  for (const f of findings) {
    if (ignoredPaths.has(f.path)) ignoredReported++;
    else if (!explained.has(key(f.path, f.line))) otherFindings++;
  }
  return { planted: m.planted.length, found, recall: m.planted.length ? found / m.planted.length : 1, byKind, decoysReported, ignoredReported, otherFindings };
}

export type Coverage = 'full' | 'partial' | 'none';

const LANGS: readonly Lang[] = ['ts', 'js', 'py', 'cs', 'java', 'go', 'yaml', 'json', 'md', 'env'];

/**
 * Which planted kinds a detector claims at all: each kind is written in every language a few
 * times and run through `detectLines` (1-based lines of hits in a text). `full` = found in every
 * rendering, so the corpus recall for that kind must be 100%.
 */
export function kindCoverage(detectLines: (text: string) => number[], seed = 'coverage'): Record<string, Coverage> {
  const out: Record<string, Coverage> = {};
  for (const kind of SECRET_KINDS) {
    let hits = 0;
    let total = 0;
    for (const lang of LANGS) {
      for (let i = 0; i < 3; i++) {
        const p = kind.plant(new Rng(`${seed}/${kind.id}/${lang}/${i}`), lang);
        const text = ['// context line', ...p.lines, '// context line', ''].join('\n');
        const first = p.at + 2;
        const lines = detectLines(text);
        total++;
        if (lines.some((l) => l >= first && l < first + p.span)) hits++;
      }
    }
    out[kind.id] = hits === total ? 'full' : hits === 0 ? 'none' : 'partial';
  }
  return out;
}
