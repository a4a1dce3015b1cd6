import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { listedRuleSummaries } from '../../../../tasks/engine/ruleset/ruleList';
import { summariesFromRules } from '../../../../tasks/engine/ruleset/ruleLoader';

describe('built-in rule listing', () => {
  it('gives what the rules themselves give', () => {
    assert.equal(JSON.stringify(listedRuleSummaries()), JSON.stringify(summariesFromRules()));
  });

  it('reads the listing without loading the rule loader (what keeps `palisade rules` quick)', () => {
    const module = join(__dirname, '..', '..', '..', '..', 'tasks', 'engine', 'ruleset', 'ruleList.js');
    const script = `const l = require(${JSON.stringify(module)}); const n = l.listedRuleSummaries().length;
      process.stdout.write(JSON.stringify({ n, loader: Object.keys(require.cache).some((f) => /ruleLoader\\.js$/.test(f)) }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { n: number; loader: boolean };
    assert.ok(out.n > 300, `${out.n} rules`);
    assert.equal(out.loader, false);
  });
});
