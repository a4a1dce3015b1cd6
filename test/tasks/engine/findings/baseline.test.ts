import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBaseline, writeBaseline } from '../../../../tasks/engine/findings/baseline';
import { scan } from '../../../../tasks/engine/index';
import { FileProblemError } from '../../../../tasks/engine/text/yamlValidation';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('baseline', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('marks baselined findings suppressed and leaves new ones open', async () => {
    root = makeTree({ 'a.env': `TOKEN=${FAKE.githubPat}\n` });
    const first = await scan({ root });
    const file = join(root, 'baseline.json');
    assert.equal(writeBaseline(file, first.findings), 1);
    writeFileSync(join(root, 'b.env'), `TOKEN=${FAKE.githubPat2}\n`);
    const second = await scan({ root, baseline: readBaseline(file) });
    const a = second.findings.find((f) => f.path === 'a.env')!;
    const b = second.findings.find((f) => f.path === 'b.env')!;
    assert.deepEqual(a.suppression, { kind: 'baseline', justification: 'in baseline' });
    assert.equal(b.suppression, undefined);
    assert.ok(!readFileSync(file, 'utf8').includes(FAKE.githubPat), 'a baseline holds fingerprints, never secrets');
  });

  it('rejects files that are not baselines with a message naming the file', () => {
    root = makeTree({ 'bad.json': '{"version": 1, "fingerprints": ["nothex"]}', 'broken.json': '{', 'v2.json': '{"version":2}' });
    assert.throws(() => readBaseline(join(root, 'bad.json')), (e: FileProblemError) => /bad\.json: fingerprints: must be a list of 64-character hex/.test(e.message));
    assert.throws(() => readBaseline(join(root, 'broken.json')), /broken\.json: is not valid JSON/);
    assert.throws(() => readBaseline(join(root, 'v2.json')), /v2\.json: version: must be 1/);
    assert.throws(() => readBaseline(join(root, 'missing.json')), /missing\.json: cannot read the baseline file \(ENOENT\)/);
  });

  it('says where a file given as a baseline is not JSON without quoting any of it (it may be a file of secrets)', () => {
    root = makeTree({ '.env': `${FAKE.githubPat}\n`, 'late.json': `{"version": 1,\n "fingerprints": [${FAKE.githubPat}]}\n`, 'empty.json': '' });
    const message = (name: string): string => {
      try {
        readBaseline(join(root, name));
      } catch (e) {
        return (e as Error).message;
      }
      assert.fail(`${name} was read as a baseline`);
    };
    assert.match(message('.env'), /\.env: is not valid JSON \(invalid symbol at line 1\); create it with --write-baseline/);
    assert.match(message('late.json'), /late\.json: is not valid JSON \(invalid symbol at line 2\)/);
    assert.match(message('empty.json'), /empty\.json: is not valid JSON \(the file is empty\)/);
    for (const name of ['.env', 'late.json']) assert.ok(!message(name).includes(FAKE.githubPat.slice(4, 9)), message(name));
  });

  it('leaves no temporary file behind when the baseline cannot be written', () => {
    root = makeTree({ 'taken/inside.txt': 'a folder where the baseline should go\n' });
    assert.throws(() => writeBaseline(join(root, 'taken'), []), /EISDIR|ENOTEMPTY|EEXIST|EPERM/);
    assert.deepEqual(readdirSync(root), ['taken']);
  });
});
