import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleDir } from '../../../../tasks/engine/ruleset/ruleLoader';
import { readFreshBundle, writeRuleBundle } from '../../../../tasks/engine/ruleset/ruleBundle';
import { makeTree, removeTree } from '../../../support/tmpTree';

const RULE = (id: string) => `id: ${id}
kind: secret
title: Test token ${id}
severity: high
cwe: [CWE-798]
keywords: [tok_]
pattern: 'tok_[a-z0-9]{20}'
help: Rotate it and keep it in a secret store.
samples:
  positive: ['x = tok_k3j9x8w7v6u5t4s3r2q1']
  negative: ['x = tok_short']
`;

describe('rule bundle', () => {
  let root: string;
  afterEach(() => root && removeTree(root));

  it('is used while its sources are unchanged and ignored once one changes', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'src/sub/b.yml': RULE('tok-b') });
    const src = join(root, 'src');
    const bundle = join(root, 'out', 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(src), src, bundle);
    assert.deepEqual(readFreshBundle(bundle, src)?.map((r) => r.spec.id), ['tok-a', 'tok-b']);

    writeFileSync(join(src, 'a.yml'), RULE('tok-a').replace('Rotate it', 'Revoke it'));
    utimesSync(join(src, 'a.yml'), new Date(), new Date(Date.now() + 5000));
    assert.equal(readFreshBundle(bundle, src), null, 'an edited rule file makes the bundle stale');

    writeRuleBundle(loadRuleDir(src), src, bundle);
    writeFileSync(join(src, 'c.yml'), RULE('tok-c'));
    assert.equal(readFreshBundle(bundle, src), null, 'a new rule file makes the bundle stale');
  });

  it('is trusted as built where the sources are not shipped, and ignored when unreadable', () => {
    root = makeTree({ 'src/a.yml': RULE('tok-a'), 'bad.json': '{' });
    const bundle = join(root, 'rules.bundle.json');
    writeRuleBundle(loadRuleDir(join(root, 'src')), join(root, 'src'), bundle);
    assert.equal(readFreshBundle(bundle, join(root, 'not-shipped'))?.length, 1);
    assert.equal(readFreshBundle(join(root, 'bad.json'), undefined), null);
    assert.equal(readFreshBundle(join(root, 'missing.json'), undefined), null);
  });
});
