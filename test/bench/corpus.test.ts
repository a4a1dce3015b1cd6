import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, verifyCorpus, type CorpusManifest } from './corpus';
import { rgPatterns } from './rgPatterns';
import { kindCoverage, scoreFindings } from './score';
import { SECRET_KINDS } from './secretKinds';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import { scan } from '../../tasks/engine/index';
import { LineIndex } from '../../tasks/engine/text/lineIndex';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';

/**
 * Keeps the speed benchmark honest: its corpus must be the same bytes for the same seed, must
 * hold what it says it holds, and Palisade must find the planted secrets its rules claim.
 */
describe('benchmark corpus (test/bench)', () => {
  const SIZE = 160 * 1024;
  const tmp = mkdtempSync(join(tmpdir(), 'palisade-bench-corpus-'));
  let a: CorpusManifest;
  let b: CorpusManifest;

  before(() => {
    a = generateCorpus({ dir: join(tmp, 'a'), targetBytes: SIZE, seed: 'unit' });
    b = generateCorpus({ dir: join(tmp, 'b'), targetBytes: SIZE, seed: 'unit' });
  });

  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the same bytes for the same seed', () => {
    assert.equal(a.hash, b.hash);
    assert.deepEqual(a.list, b.list);
    assert.deepEqual(a.planted, b.planted);
    assert.ok(verifyCorpus(join(tmp, 'b'), a), 'tree b verifies against manifest a');
    for (const [p] of a.list.slice(0, 20)) assert.ok(readFileSync(join(tmp, 'a', p)).equals(readFileSync(join(tmp, 'b', p))), p);
  });

  it('gives other bytes for another seed, and notices a changed file', () => {
    const c = generateCorpus({ dir: join(tmp, 'c'), targetBytes: 32 * 1024, seed: 'unit-2' });
    assert.notEqual(c.hash, a.hash);
    rmSync(join(tmp, 'b', a.list[a.list.length - 1][0]));
    assert.equal(verifyCorpus(join(tmp, 'b'), a), false);
  });

  it('holds the promised mix: languages, binary, minified, git-ignored files, every secret kind', () => {
    assert.ok(a.bytes >= SIZE, `${a.bytes} bytes`);
    for (const t of ['ts', 'js', 'py', 'cs', 'java', 'go', 'yaml', 'json', 'md', 'minjs', 'bin', 'ignored']) assert.ok(a.byType[t]?.files, `no ${t} file`);
    assert.ok(a.binaryFiles > 0 && a.minifiedFiles > 0 && a.ignoredFiles > 0);
    const kinds = new Set(a.planted.map((p) => p.kind));
    for (const k of SECRET_KINDS) assert.ok(kinds.has(k.id), `kind ${k.id} not planted`);
    assert.ok(a.ignoredPlanted.length > 0, 'no secret under a git-ignored path');
    assert.ok(a.decoys.length > 0, 'no look-alike');
    // The planted line really holds something secret-shaped.
    for (const p of a.planted) {
      const lines = readFileSync(join(tmp, 'a', p.path), 'utf8').split('\n');
      assert.ok(p.line >= 1 && p.endLine <= lines.length, `${p.path}:${p.line}`);
    }
  });

  it('Palisade finds every planted secret of the kinds its rules claim, none under git-ignored paths, no look-alike', async () => {
    const rules = activeRules(loadBuiltinRules(), EMPTY_CONFIG);
    const coverage = kindCoverage((text) => {
      const li = new LineIndex(text);
      return rules.detector.detect(text).map((h) => li.lineOf(h.start));
    });
    const claimed = Object.keys(coverage).filter((k) => coverage[k] === 'full');
    // Today's rules include GitHub tokens and generic passwords; more kinds join as rules land.
    assert.ok(claimed.includes('github-pat') && claimed.includes('password'), `claimed kinds: ${claimed.join(', ')}`);

    const result = await scan({ root: join(tmp, 'a'), workers: 1 });
    const score = scoreFindings(a, result.findings.map((f) => ({ path: f.path, line: f.region.startLine })));
    for (const k of claimed) {
      const s = score.byKind[k];
      assert.equal(s.found, s.planted, `${k}: found ${s.found} of ${s.planted} planted`);
    }
    assert.equal(score.ignoredReported, 0, 'reported a secret under a git-ignored path');
    assert.equal(score.decoysReported, 0, 'reported a look-alike (placeholder or reference)');
    assert.equal(result.stats.filesScanned, a.textFiles, 'every text file outside git-ignored paths is scanned');
  });

  it('turns every rule into rg patterns that match whatever the rule matches in its positive samples', () => {
    const specs = loadBuiltinRules().map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret');
    for (const engine of ['pcre2', 'rust'] as const) {
      const pats = rgPatterns(specs, engine, 2);
      assert.equal(pats.length, specs.length * 2);
      assert.equal(new Set(pats.map((p) => p.ruleId)).size, pats.length, 'copies get their own ids');
      specs.forEach((s, i) => {
        // Both translations are also JavaScript: drop the scoped-flag wrapper, pass the flags.
        const body = pats[i].pattern.replace(/^\(\?[ims]*:/, '(?:');
        const flags = (s.flags ?? '').replace(/[^imsu]/g, '');
        const re = new RegExp(body, flags);
        const original = new RegExp(s.pattern, flags);
        for (const p of s.samples.positive) if (original.test(p)) assert.ok(re.test(p), `${engine} ${s.id} misses "${p}"`);
      });
    }
  });
});
