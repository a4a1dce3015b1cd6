import assert from 'node:assert/strict';
import { loadBuiltinRules } from '../../../tasks/engine/ruleset/ruleLoader';

/** The "How to fix" part of a rule's help: the text after its `**Fix:**` marker. */
function fixText(help: string): string {
  const i = help.indexOf('**Fix:**');
  return i < 0 ? '' : help.slice(i + '**Fix:**'.length).replace(/\s+/g, ' ').trim();
}

/**
 * Every code rule carries its own fix guidance: a help text with a `**Fix:**` part, and neither
 * that part nor the whole help shared with a rule of another weakness (CWE), so a weak-hash
 * finding never shows injection advice.
 */
describe('code rule help', () => {
  const code = loadBuiltinRules().flatMap((r) => (r.spec.kind === 'code' ? [{ spec: r.spec, source: r.source }] : []));

  it('every code rule explains the problem and how to fix it', () => {
    const bad = code.filter((r) => fixText(r.spec.help).length < 20 || r.spec.help.indexOf('**Fix:**') < 20).map((r) => r.source);
    assert.deepEqual(bad, [], 'rules without a problem statement and a **Fix:** section');
  });

  it('no two rules of different CWEs share their fix or help text', () => {
    const clashes: string[] = [];
    for (let i = 0; i < code.length; i++) {
      for (let j = i + 1; j < code.length; j++) {
        const a = code[i].spec;
        const b = code[j].spec;
        if (a.cwe.some((c) => b.cwe.includes(c))) continue;
        if (fixText(a.help) === fixText(b.help) || a.help.trim() === b.help.trim()) clashes.push(`${a.id} (${a.cwe.join(', ')}) and ${b.id} (${b.cwe.join(', ')})`);
      }
    }
    assert.deepEqual(clashes, []);
  });
});
