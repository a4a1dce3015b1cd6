import assert from 'node:assert/strict';
import { scan } from '../../../../tasks/engine/index';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('inline suppressions', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  async function findingsOf(text: string) {
    root = makeTree({ 'f.js': text });
    const r = await scan({ root });
    return { findings: r.findings, diagnostics: r.diagnostics };
  }

  it('silences a finding on the same line, with the reason as justification', async () => {
    const { findings } = await findingsOf(`const t = "${FAKE.githubPat}"; // palisade-ignore -- used in tests\n`);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].suppression, { kind: 'inSource', justification: 'used in tests' });
  });

  it('silences the line below a comment line, but not two lines below', async () => {
    const { findings } = await findingsOf(`# palisade-ignore\nA = "${FAKE.githubPat}"\nB = "${FAKE.githubPat2}"\n`);
    assert.equal(findings.length, 2);
    assert.ok(findings.find((f) => f.region.startLine === 2)!.suppression);
    assert.equal(findings.find((f) => f.region.startLine === 3)!.suppression, undefined);
  });

  it('limits a suppression to the rule ids it names', async () => {
    const rules = (await scan({ root: (root = makeTree({ 'x': `t="${FAKE.githubPat}"` })) })).findings.map((f) => f.ruleId);
    removeTree(root);
    const id = rules[0];
    const { findings } = await findingsOf(
      `/* palisade-ignore ${id} -- rotated */ a = "${FAKE.githubPat}"\n// palisade-ignore generic-password-assignment\nb = "${FAKE.githubPat2}"\n`,
    );
    assert.deepEqual(findings[0].suppression, { kind: 'inSource', justification: 'rotated' });
    assert.equal(findings[1].suppression, undefined, 'a suppression for another rule must not hide this one');
  });

  it('ignores prose that merely mentions the marker', async () => {
    const { findings, diagnostics } = await findingsOf(`// Add \`palisade-ignore\` on the line or the line above to silence a finding.\nA = "${FAKE.githubPat}"\n`);
    assert.equal(findings[0].suppression, undefined);
    assert.deepEqual(diagnostics, []);
  });

  it('reports an unknown rule id and suppresses nothing', async () => {
    const { findings, diagnostics } = await findingsOf(`# palisade-ignore no-such-rule\nA = "${FAKE.githubPat}"\n`);
    assert.equal(findings[0].suppression, undefined);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].path, 'f.js');
    assert.equal(diagnostics[0].line, 1);
    assert.match(diagnostics[0].message, /unknown rule id "no-such-rule"/);
  });
});
