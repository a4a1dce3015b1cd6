import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDetector, corpusArgs, loadCorpus, main, parseAccuracyArgs, runSecretBenchmark, USAGE } from './accuracy';

/**
 * The accuracy bench reads labelled sets besides the shared one (`--corpus FILE`): a set it
 * cannot read must say which file, line and field, and each set is scored on its own.
 */
describe('accuracy bench: labelled sets (test/bench)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'palisade-accuracy-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const write = (name: string, lines: string[]): string => {
    const f = join(tmp, name);
    writeFileSync(f, lines.join('\n') + '\n');
    return f;
  };

  it('takes every --corpus value, in order', () => {
    assert.deepEqual(corpusArgs(['--no-peers', '--corpus', 'a.jsonl', '--tools', 'palisade', '--corpus', 'b.jsonl']), ['a.jsonl', 'b.jsonl']);
    assert.deepEqual(corpusArgs(['--no-noise']), []);
    assert.throws(() => corpusArgs(['--corpus']), /--corpus needs a file/);
    assert.throws(() => corpusArgs(['--corpus', '--no-peers']), /--corpus needs a file/);
  });

  it('refuses an option it does not know, a missing value and an unknown tool, naming them', () => {
    assert.throws(() => parseAccuracyArgs(['--secret-only']), /unknown option "--secret-only"/);
    assert.throws(() => parseAccuracyArgs(['--tools', 'palisade,trufflehog']), /--tools: unknown tool "trufflehog"/);
    assert.throws(() => parseAccuracyArgs(['--tools']), /--tools needs/);
    assert.throws(() => parseAccuracyArgs(['--annotated', '--no-peers']), /--annotated needs a folder/);
    const o = parseAccuracyArgs(['--no-shared', '--secrets-only', '--tools', 'gitleaks', '--corpus', 'a.jsonl', '--owasp-python', 'py']);
    assert.deepEqual([o.shared, o.secretsOnly, o.peers, o.noise, o.tools, o.corpora, o.owaspPython], [false, true, true, true, ['gitleaks'], ['a.jsonl'], 'py']);
  });

  it('answers --help with its usage and runs nothing', async () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (written.push(String(s)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['--help']);
    } finally {
      process.stdout.write = write;
    }
    assert.equal(code, 0);
    assert.equal(written.join(''), USAGE + '\n');
    assert.deepEqual(parseAccuracyArgs(['--noise-dir', '/a', '--noise-dir', '/b']).noiseDirs, ['/a', '/b']);
    assert.throws(() => parseAccuracyArgs(['--noise-dir']), /--noise-dir needs a folder/);
    for (const flag of ['--noise-dir', '--corpus', '--no-shared', '--no-peers', '--no-noise', '--tools', '--secrets-only', '--owasp-python', '--annotated']) assert.ok(USAGE.includes(flag), flag);
  });

  it('names the file, line and field of a malformed row', () => {
    const f = write('bad.jsonl', [JSON.stringify({ rule: 'x', text: 'a', expected: true }), '', JSON.stringify({ rule: 'x', text: 'b', expected: 'yes' })]);
    assert.throws(() => loadCorpus(f), (e: Error) => e.message.includes(`${f}:3`) && e.message.includes('"expected"') && e.message.includes('"yes"'));
    const g = write('notjson.jsonl', ['{"rule": "x",']);
    assert.throws(() => loadCorpus(g), (e: Error) => e.message.includes(`${g}:1: not JSON`));
  });

  it('scores a set per family: recall on positives, look-alikes on negatives', () => {
    const token = 'ghp_' + 'Zq7Lm2Xw9Rt4Kp8Vb3Nc6Hs1Jd5Fg0YeUa2W';
    const f = write('set.jsonl', [
      JSON.stringify({ rule: 'github-pat', text: `GITHUB_TOKEN=${token}`, expected: true }),
      JSON.stringify({ rule: 'github-pat', text: 'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}', expected: false }),
      JSON.stringify({ rule: 'acme-key', text: 'nothing to see here', expected: true }),
    ]);
    const res = runSecretBenchmark(loadCorpus(f), buildDetector(), 'set.jsonl');
    assert.equal(res.rows, 3);
    const gh = res.families.find((s) => s.family === 'github')!;
    assert.equal(gh.found, 1);
    assert.equal(gh.reported, 0);
    assert.equal(res.families.find((s) => s.family === 'acme')!.recall, 0);
    assert.deepEqual(res.missedByRule, { 'acme-key': 1 });
    assert.equal(res.overall.positives, 2);
  });
});
