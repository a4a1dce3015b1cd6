/**
 * Where the secret scan's time goes, rule by rule: for every text file, which rules the keyword
 * prefilter lets through and how long each rule's regex takes on it. Single-threaded, in
 * process, same compiled rules as the engine.
 *
 *   node out/test/bench/ruleCost.js [--dir PATH] [--top N] [--json FILE]
 *   (default dir: bench-output/corpus-10mb, generated as `npm run bench` does when absent)
 */
import { checkOptions } from './cliOptions';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_FILE_SIZE, EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import { KeywordIndex } from '../../tasks/engine/text/keywordIndex';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import { execAt } from '../../tasks/engine/secrets/detector';
import { isCharAnchor } from '../../tasks/engine/secrets/anchors';
import { decodeText } from '../../tasks/engine/text/decode';
import { walk } from '../../tasks/engine/run/walker';
import { ensureCorpus, SIZES } from './corpus';
import { textTable } from './report';

export interface RuleCost {
  id: string;
  /** Files the prefilter sent to this rule. */
  files: number;
  /** Share of the text files. */
  filesPct: number;
  ms: number;
  /** Share of all regex time. */
  pct: number;
  /** MB/s of this regex over the text it was run on. */
  mbPerS: number;
  matches: number;
  keywords: string[];
}

export interface RuleCostReport {
  dir: string;
  files: number;
  bytes: number;
  keywordMs: number;
  regexMs: number;
  /** Average number of rules run per file. */
  rulesPerFile: number;
  rules: RuleCost[];
  /** Keywords by share of files they occur in. */
  keywords: { keyword: string; filesPct: number; rules: number }[];
}

export function ruleCost(dir: string): RuleCostReport {
  const builtins = loadBuiltinRules();
  const disable = builtins.filter((r) => r.spec.kind !== 'secret').map((r) => r.spec.id);
  const rules = activeRules(builtins, { ...EMPTY_CONFIG, disable }).detector.rules;
  const allKw = [...new Set(rules.flatMap((r) => r.spec.keywords.map((k) => k.toLowerCase())))];
  // As the detector does: anchored rules are tried only where their anchors put a match start,
  // found by the automaton, or for anchors of one character natively where the rule runs.
  const index = new KeywordIndex(allKw, [...new Set(rules.flatMap((r) => (r.anchors ?? []).map((a) => a[0]).filter((a) => !isCharAnchor(a))))]);
  const anchorId = new Map(index.anchors.map((a, i) => [a, i]));
  const starts = index.anchors.map((): number[] => []);
  const kwRules = index.keywords.map((k) => rules.map((r, i) => (r.spec.keywords.some((x) => x.toLowerCase() === k) ? i : -1)).filter((i) => i >= 0));

  const stats = rules.map((r) => ({ id: r.spec.id, files: 0, bytes: 0, ms: 0, matches: 0, keywords: r.spec.keywords }));
  const kwFiles = new Array<number>(index.keywords.length).fill(0);
  let files = 0;
  let bytes = 0;
  let keywordMs = 0;
  let runs = 0;
  for (const f of walk({ root: dir, maxFileSize: DEFAULT_MAX_FILE_SIZE }).files) {
    const d = decodeText(readFileSync(f.abs));
    if (!d) continue;
    const text = d.text;
    files++;
    bytes += text.length;
    const t0 = performance.now();
    const touched: number[] = [];
    const found = index.scan(text, starts, touched);
    keywordMs += performance.now() - t0;
    const cand = new Set<number>();
    for (const k of found) {
      kwFiles[k]++;
      for (const ri of kwRules[k]) cand.add(ri);
    }
    for (const ri of cand) {
      const re = rules[ri].regex;
      const s = stats[ri];
      runs++;
      s.files++;
      s.bytes += text.length;
      const t = performance.now();
      const anchors = rules[ri].anchors;
      if (anchors) {
        const startsOf = (a: string): number[] => (isCharAnchor(a) ? charStarts(text, a) : starts[anchorId.get(a)!]);
        const places = [...new Set(anchors.flatMap(([a, off]) => startsOf(a).map((p) => p - off).filter((p) => p >= 0)))].sort((a, b) => a - b);
        s.matches += execAt(re, text, places);
      } else {
        re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = re.exec(text)) !== null) {
          if (m[0].length === 0) re.lastIndex++;
          s.matches++;
        }
      }
      s.ms += performance.now() - t;
    }
    for (const a of touched) starts[a].length = 0;
  }
  const regexMs = stats.reduce((n, s) => n + s.ms, 0);
  return {
    dir,
    files,
    bytes,
    keywordMs,
    regexMs,
    rulesPerFile: files ? runs / files : 0,
    rules: stats
      .map((s) => ({
        id: s.id,
        files: s.files,
        filesPct: files ? (100 * s.files) / files : 0,
        ms: s.ms,
        pct: regexMs ? (100 * s.ms) / regexMs : 0,
        mbPerS: s.ms ? s.bytes / 1048576 / (s.ms / 1000) : 0,
        matches: s.matches,
        keywords: s.keywords,
      }))
      .sort((a, b) => b.ms - a.ms),
    keywords: index.keywords
      .map((k, i) => ({ keyword: k, filesPct: files ? (100 * kwFiles[i]) / files : 0, rules: kwRules[i].length }))
      .sort((a, b) => b.filesPct - a.filesPct),
  };
}

function main(argv: string[]): void {
  try {
    checkOptions('ruleCost', argv, ['--dir', '--top', '--json']);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const arg = (n: string): string | undefined => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const given = arg('--dir');
  if (given !== undefined && !(existsSync(given) && statSync(given).isDirectory())) {
    process.stderr.write(`ruleCost: --dir ${given} is not a folder; give a folder of text files, or leave --dir out to use bench-output/corpus-10mb.\n`);
    process.exitCode = 2;
    return;
  }
  // A fresh clone has no corpus yet: make the same one `npm run bench` makes rather than fail on it.
  const dir = given ?? ensureCorpus(join(__dirname, '..', '..', '..', 'bench-output'), '10mb', SIZES['10mb'], undefined, (s) => process.stderr.write(s + '\n')).dir;
  const top = Number(arg('--top') ?? '25');
  const r = ruleCost(dir);
  const out: string[] = [];
  out.push(`${r.files} text files, ${(r.bytes / 1048576).toFixed(1)} MB (chars); keyword and anchor pass ${r.keywordMs.toFixed(0)} ms, regexes ${r.regexMs.toFixed(0)} ms; ${r.rulesPerFile.toFixed(1)} of ${r.rules.length} rules run per file on average`);
  out.push('', 'Costliest rules:');
  out.push(textTable([['rule', 'ms', '% regex time', 'files run on', 'regex MB/s', 'matches', 'keywords'], ...r.rules.slice(0, top).map((x) => [x.id, x.ms.toFixed(0), x.pct.toFixed(1), `${x.files} (${x.filesPct.toFixed(0)}%)`, x.mbPerS.toFixed(0), String(x.matches), x.keywords.slice(0, 6).join(' ') + (x.keywords.length > 6 ? ` (+${x.keywords.length - 6})` : '')])]));
  out.push('', 'Keywords found in the most files (each lets its rules run on the whole file):');
  out.push(textTable([['keyword', '% of files', 'rules'], ...r.keywords.slice(0, top).map((k) => [k.keyword, k.filesPct.toFixed(0), String(k.rules)])]));
  process.stdout.write(out.join('\n') + '\n');
  const json = arg('--json');
  if (json) writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
}

if (require.main === module) main(process.argv.slice(2));

/** Every place of the character `ch` in `text`. */
function charStarts(text: string, ch: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(ch); at >= 0; at = text.indexOf(ch, at + 1)) out.push(at);
  return out;
}
