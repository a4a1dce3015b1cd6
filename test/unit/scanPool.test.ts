import assert from 'node:assert/strict';
import { EMPTY_CONFIG } from '../../tasks/engine/config';
import { loadBuiltinRules } from '../../tasks/engine/ruleLoader';
import { activeRules } from '../../tasks/engine/ruleSet';
import { ScanAbortedError, scanWithPool } from '../../tasks/engine/scanPool';
import { walk } from '../../tasks/engine/walker';
import { FAKE, makeTree, removeTree } from '../support/tmpTree';

describe('scan pool', () => {
  const builtins = loadBuiltinRules();
  const rules = activeRules(builtins, EMPTY_CONFIG);
  const known = new Set(builtins.map((r) => r.spec.id));
  let root = '';
  afterEach(() => removeTree(root));

  const tree = (n: number): string => {
    const files: Record<string, string> = {};
    // 300 files of ~5 KB: two batches of at most 256 files.
    for (let i = 0; i < n; i++) files[`d${i % 5}/f${i}.ts`] = `${'export const filler = 1;\n'.repeat(200)}const t = "${i % 50 === 0 ? FAKE.githubPat : 'none'}";\n`;
    return makeTree(files);
  };
  const listed = () => walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
  const key = (fs: { ruleId: string; path: string; fingerprint: string }[]) => fs.map((f) => `${f.ruleId} ${f.path} ${f.fingerprint}`).sort();

  it('gives the same result when only other threads scan as when this one does it all', async () => {
    root = tree(300);
    const files = listed();
    const here = await scanWithPool(files, rules, { workers: 1, collectSecrets: true, knownRuleIds: known });
    let progress = 0;
    const threads = await scanWithPool(files, rules, { workers: 3, collectSecrets: true, knownRuleIds: known, mainThreadScans: false, onProgress: (d) => (progress = d) });
    assert.equal(here.filesScanned, 300);
    assert.equal(threads.filesScanned, 300);
    assert.equal(progress, 300);
    assert.equal(here.findings.length, 6);
    assert.deepEqual(key(threads.findings), key(here.findings));
    assert.deepEqual([...threads.secrets].sort(), [...here.secrets].sort());
  });

  it('shares the work between this thread and the others without losing or repeating a file', async () => {
    root = tree(300);
    const r = await scanWithPool(listed(), rules, { workers: 2, collectSecrets: false, knownRuleIds: known });
    assert.equal(r.filesScanned, 300);
    assert.equal(r.findings.length, 6);
  });

  it('stops with ScanAbortedError when aborted, on any thread', async () => {
    root = tree(300);
    for (const mainThreadScans of [true, false]) {
      const ac = new AbortController();
      ac.abort(new Error('the scan timed out after 1 minute'));
      await assert.rejects(
        scanWithPool(listed(), rules, { workers: 2, collectSecrets: false, knownRuleIds: known, signal: ac.signal, mainThreadScans }),
        (e: Error) => e instanceof ScanAbortedError && /timed out after 1 minute/.test(e.message),
      );
    }
  });

  it('fails the scan, never returns part of it, when another thread fails', async () => {
    root = tree(300);
    // A rule the other threads cannot compile: they fail as they start.
    const broken = { ...rules, specs: [...rules.specs, { ...rules.detector.rules[0].spec, id: 'broken', pattern: '(' }] };
    await assert.rejects(
      scanWithPool(listed(), broken, { workers: 2, collectSecrets: false, knownRuleIds: known, mainThreadScans: false }),
      /scanner thread (failed|exited early)/,
    );
  });
});
