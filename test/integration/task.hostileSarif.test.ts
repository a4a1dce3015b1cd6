/**
 * PalisadeScan@1 end to end with other tools' SARIF written by an attacker (additionalSarif):
 * malformed files and results are reported and skipped, the run completes, and what reaches
 * the artifact, the hub and PR comments is masked and escaped.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE } from '../support/tmpTree';
import {
  assertRun, branchBuild, gitCheckout, prBuild, prThreads, runTask, storedScan, taskSuite, writeFiles,
} from './taskHarness';

const LEAK = FAKE.githubPat;

/** Each of these crashed the task before (no artifact, no record, status error). */
const MALFORMED: Record<string, unknown> = {
  'runs-null.sarif': { version: '2.1.0', runs: [null] },
  'runs-string.sarif': { version: '2.1.0', runs: 'x' },
  'tool-null.sarif': { version: '2.1.0', runs: [{ tool: null, results: [] }] },
  'shapes.sarif': {
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Shapes', rules: [{ id: 'S1' }] } },
      results: [
        null,
        { ruleId: 'S1', message: { text: 'numeric uri' }, locations: [{ physicalLocation: { artifactLocation: { uri: 42 } } }] },
        { ruleId: 'S1', message: { text: 'null location' }, locations: [null] },
        { ruleId: 'S1', message: { text: 'bad line' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 'a' } } }] },
        { ruleId: 'S1', message: { text: { nested: 'object' } } },
        { ruleIndex: 9, message: { text: 'index out of range' } },
        { ruleId: 'S1', level: 'error', message: { text: 'the one good result' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/app.js' }, region: { startLine: 1 } } }] },
      ],
    }],
  },
};

/** Well-formed, but every text field carries a secret or markup. */
function hostile(path: string, line: number): unknown {
  return {
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: `Evil ${LEAK}`, rules: [{ id: `R-${LEAK}`, shortDescription: { text: 'Title [x](https://evil.example)' }, help: { text: `help ${LEAK}`, markdown: `[help](https://evil.example) ${LEAK}` } }] } },
      results: [{
        ruleId: `R-${LEAK}`,
        level: 'error',
        message: { text: `leak ${LEAK}\n\n\`\`\`\n[click](https://evil.example) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> @alice\n##vso[task.setvariable variable=PWNED]yes\nspoof\u202Efdp.exe` },
        locations: [{ physicalLocation: { artifactLocation: { uri: path }, region: { startLine: line } } }],
        suppressions: [{ kind: 'external', status: 'rejected', justification: `because ${LEAK}` }],
      }],
    }],
  };
}

describe('PalisadeScan@1 against the emulator: hostile SARIF from other tools', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  it('a branch build completes with malformed SARIF reported, and masks every imported field', async function () {
    // A 500,000-result file is parsed by the task: slow on a loaded machine, not a performance test.
    this.timeout(180_000);
    const sources = suite.tempDir();
    writeFiles(sources, { 'src/app.js': 'export const x = 1;\n' });
    const reports = suite.tempDir();
    writeFiles(reports, Object.fromEntries(Object.entries({ ...MALFORMED, 'hostile.sarif': hostile('src/app.js', 1) }).map(([n, v]) => [n, JSON.stringify(v)])));
    const many = { version: '2.1.0', runs: [{ tool: { driver: { name: 'Many' } }, results: Array.from({ length: 500_000 }, (_, i) => ({ ruleId: 'M', level: 'note', message: { text: `m${i}` } })) }] };
    writeFiles(reports, { 'many.sarif': JSON.stringify(many) });

    const run = await runTask(emu(), { buildId: branchBuild(emu()).id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets', additionalSarif: join(reports, '*.sarif') } });
    assertRun(run, run.result === 'Failed', 'the run completes and the imported high findings fail it');
    assert.ok(run.artifacts.length === 1, 'the artifact is published');

    const log = `${run.logText}\n${run.issues.map((i) => i.message).join('\n')}`;
    for (const expected of [
      /runs-null\.sarif: \/runs\/0: must be an object, not null; the run was skipped/,
      /runs-string\.sarif: not a SARIF 2\.1\.0 log \(\/runs must be an array\)/,
      /tool-null\.sarif: \/runs\/0\/tool: must be an object, not null/,
      /shapes\.sarif: \/runs\/0\/results\/0: must be an object, not null; the result was skipped/,
      /shapes\.sarif: \/runs\/0\/results\/1\/locations\/0\/physicalLocation\/artifactLocation\/uri: must be a string, not number 42/,
      /shapes\.sarif: \/runs\/0\/results\/2\/locations\/0: must be an object, not null/,
      /shapes\.sarif: \/runs\/0\/results\/3\/locations\/0\/physicalLocation\/region\/startLine: must be an integer/,
      /shapes\.sarif: \/runs\/0\/results\/4\/message\/text: must be a string, not an object/,
      /shapes\.sarif: \/runs\/0\/results\/5\/ruleIndex: is 9, but the run has 1 rules/,
      /many\.sarif: \/runs\/0\/results has 500000 results; only the first 10000 were merged/,
    ]) assert.match(log, expected);

    const sarif = readFileSync(run.outputs.sarifPath, 'utf8');
    const stored = storedScan(emu(), 'main');
    for (const [where, textOf] of [['the printed log', run.printedExceptSetSecret], ['the SARIF artifact', sarif], ['the hub', stored.raw], ['the summary', run.summaries.join('\n')]] as const) {
      assert.ok(!textOf.includes(LEAK), `no secret in ${where}`);
    }
    assert.ok(!run.commands.some((c) => /PWNED/.test(JSON.stringify(c.properties)) || (c.name === 'task.setvariable' && /PWNED/.test(c.data))), 'no command from the SARIF text');
    const results = (JSON.parse(sarif) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string } }> }> }).runs[0].results;
    const evil = results.find((r) => r.ruleId.startsWith('evil-'));
    assert.ok(evil, `the hostile result is merged: ${results.slice(0, 5).map((r) => r.ruleId).join(', ')}`);
    assert.ok(!/[\r\n]/.test(evil.message.text), 'its message is one line');
    assert.equal(results.filter((r) => r.ruleId.startsWith('shapes/')).length, 1, 'the one good result of shapes.sarif');
    assert.equal(results.filter((r) => r.ruleId.startsWith('many/')).length, 10_000);
    const storedMessages = stored.record.findings.map((f) => typeof f.message);
    assert.ok(storedMessages.every((t) => t === 'string'), 'the hub stores string messages only');
  });

  it('a PR comment on an imported finding holds its text in a code block: no link, image, HTML or mention', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const reports = suite.tempDir();
    writeFiles(reports, { 'hostile.sarif': JSON.stringify(hostile('src/payments.js', 2)) });
    const run = await runTask(emu(), { buildId: prBuild(emu()).id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets', additionalSarif: join(reports, '*.sarif') } });
    assertRun(run, run.result === 'Failed', 'the PR fails');
    const thread = prThreads(emu()).find((t) => (t.threadContext as { rightFileStart: { line: number } }).rightFileStart.line === 2);
    assert.ok(thread, 'a thread on the imported finding');
    const body = String((thread.comments as Array<{ content: string }>)[0].content);
    assert.ok(!body.includes(LEAK), 'masked');
    const lines = body.split('\n');
    const open = lines.findIndex((l) => /^`{4,}text$/.test(l));
    assert.ok(open > 0, body);
    assert.equal(lines[open + 2], lines[open].replace('text', ''), 'the code block holds exactly one line');
    assert.equal(lines[open + 1], 'leak ghp_************ (40 chars) ``` [click](https://evil.example) ![i](https://evil.example/i.png) <img src=x onerror=alert(1)> @alice # #vso[task.setvariable variable=PWNED]yes spoof<U+202E>fdp.exe');
    const outside = lines.filter((_, i) => i < open || i > open + 2).join('\n').replace(/(`+) [^\n]*? \1(?!`)/g, '').replace('[open in the Security hub](', '');
    assert.ok(!/\]\(|<img|!\[|https?:\/\/evil|@alice/.test(outside), `no link, image, HTML or mention outside code: ${outside}`);
  });
});
