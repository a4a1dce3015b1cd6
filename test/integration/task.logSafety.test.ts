/**
 * PalisadeScan@1 end to end, what it prints: the compiled task runs as an agent runs it, and
 * its output is read exactly as an agent reads it (test/support/agentShim.ts readAsAgent: the
 * first `##vso[` of each line is a command, `task.setsecret` masks later lines, text after a
 * line break in a command prints as an ordinary line).
 * - Multi-line secrets of every kind: no line of one, nor any 8-character slice of one,
 *   reaches the job log, the task's raw output (besides its setsecret lines), the hub's log or
 *   the SARIF artifact.
 * - Hostile names and SARIF: the output holds only the commands the task meant to send.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FAKE } from '../support/tmpTree';
import { agentLines, parseAgentLine, type AgentRun } from '../support/agentShim';
import { multilineSecrets, secretNeedles } from '../support/multilineSecrets';
import { assertRun, branchBuild, materialise, runTask, storedScan, taskSuite } from './taskHarness';

function write(root: string, rel: string, content: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
}

/** Which needles occur in `text`, with the kind of secret they belong to (at most a few, for the message). */
function leaks(text: string, needles: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [needle, kind] of needles) if (text.includes(needle)) found.push(`${kind}: ${JSON.stringify(needle)}`);
  return found.slice(0, 5);
}

/** The commands a run may send, and the output variables it may set. */
const ALLOWED_COMMANDS = new Set(['task.setsecret', 'task.logissue', 'task.issue', 'task.setvariable', 'artifact.upload', 'build.addbuildtag', 'task.uploadsummary', 'task.complete', 'task.debug']);
const OUR_OUTPUTS = new Set(['sarifPath', 'criticalCount', 'highCount', 'mediumCount', 'lowCount', 'noteCount', 'newFindingCount', 'result']);

describe('PalisadeScan@1 against the emulator: what the log may hold', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;

  it('registers every multi-line secret line by line: none of its lines reaches any log', async () => {
    const secrets = await multilineSecrets();
    const build = branchBuild(emu());
    const sources = materialise(emu(), suite.tempDir(), build.sourceVersion);
    for (const s of secrets) write(sources, s.file, s.content);
    // Another tool echoing a matched key line in its message, as some scanners do.
    const echoed = secrets[0].secretLines[3];
    write(sources, 'reports/other.sarif', JSON.stringify({
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'OtherScanner', rules: [{ id: 'key-material', shortDescription: { text: 'Key material' } }] } },
        results: [{ ruleId: 'key-material', level: 'error', message: { text: `Key material: ${echoed}` }, locations: [{ physicalLocation: { artifactLocation: { uri: secrets[0].file }, region: { startLine: 4 } } }] }],
      }],
    }));

    const run = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets', additionalSarif: 'reports/other.sarif' } });
    assertRun(run, run.result === 'Failed', 'the task fails on the critical keys');

    // The engine finds every kind, with the rule meant for it.
    const annotated = new Set(run.issues.filter((i) => i.properties.sourcepath).map((i) => `${i.properties.sourcepath} ${i.properties.code}`));
    for (const s of secrets) assert.ok(annotated.has(`${s.file} ${s.ruleId}`), `${s.kind} (${s.file}) is found by ${s.ruleId}; annotations: ${[...annotated].join(', ')}`);

    // Registered one line at a time: every secret line is registered, no registration spans lines.
    const registered = new Set(run.agentLog.secrets);
    for (const s of secrets) for (const l of s.secretLines) if (l.trim().length >= 8) assert.ok(registered.has(l.trim()), `${s.kind}: line ${JSON.stringify(l)} is registered`);
    for (const line of agentLines(run.stdout).filter((l) => l.startsWith('##vso[task.setsecret]'))) assert.ok(parseAgentLine(line)?.data, line);

    const needles = secretNeedles(secrets);
    assert.ok(needles.size > 1000, 'a needle for every 8-character slice');
    assert.deepEqual(leaks(run.agentLog.lines.join('\n'), needles), [], 'the job log as the agent writes it');
    assert.deepEqual(leaks(run.stderr, needles), [], 'stderr');
    assert.deepEqual(leaks(run.printedExceptSetSecret, needles), [], "the task's own output besides its setsecret lines (masked before the agent's masking)");
    assert.deepEqual(leaks(readFileSync(run.outputs.sarifPath, 'utf8'), needles), [], 'the SARIF artifact');
    assert.deepEqual(leaks(run.summaries.join('\n'), needles), [], 'the build summary');
    const stored = storedScan(emu(), 'main');
    assert.deepEqual(leaks(stored.record.log, needles), [], "the scan record's copy of the log");
    assert.deepEqual(leaks(stored.raw, needles), [], 'the scan record');
    // The echoed line was printed (masked), so the test did exercise per-line masking.
    assert.ok(run.agentLog.lines.some((l) => l.includes('Key material: ***')), 'the other tool\'s message is printed with the key line masked');
  });

  it('prints hostile file names and SARIF fields as inert text: only the commands the task meant', async () => {
    const build = branchBuild(emu());
    const sources = materialise(emu(), suite.tempDir(), build.sourceVersion);
    const lf = 'notes\n##vso[task.setvariable variable=X]yes\n##vso[task.prependpath]/tmp/evil\n.txt';
    const cr = 'report\r##vso[task.setvariable variable=X]yes\r##[error]spoofed.txt';
    const rlo = 'src/invoice\u202Efdp.js';
    for (const name of [lf, cr, rlo]) write(sources, name, `const token = "${FAKE.githubPat}";\n`);
    const inject = '##vso[task.setvariable variable=X]yes';
    write(sources, 'hostile.sarif', JSON.stringify({
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'Evil\n##vso[task.prependpath]/tmp/evil', rules: [{ id: `R1\n${inject}`, shortDescription: { text: '##[error]spoofed rule' } }, { id: inject }] } },
        results: [
          { ruleId: `R1\n${inject}`, level: 'error', message: { text: `bad\n${inject}\r##vso[task.prependpath]/tmp/evil\n##[error]spoofed ##vso[task.complete result=Succeeded]` }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a\n##vso[task.prependpath]/tmp/evil.js' }, region: { startLine: 1 } } }] },
          { ruleId: inject, level: 'error', message: { text: '##[section]Fake section\u202e' }, locations: [{ physicalLocation: { artifactLocation: { uri: `${inject}.js` }, region: { startLine: 2 } } }] },
        ],
      }],
    }));

    const run: AgentRun = await runTask(emu(), { buildId: build.id, sourcesDirectory: sources, workDirectory: suite.tempDir(), inputs: { failOn: 'high', scanners: 'secrets', additionalSarif: 'hostile.sarif' } });
    assertRun(run, run.result === 'Failed', 'the task fails on the secrets');

    // Every line holding `##vso[` is a command the task sent: at the start of its line, once, allowed.
    const commandLines = agentLines(run.stdout).filter((l) => l.includes('##vso['));
    for (const line of commandLines) {
      assert.equal(line.indexOf('##vso['), 0, `a command starts its line: ${JSON.stringify(line)}`);
      assert.equal(line.lastIndexOf('##vso['), 0, `one command per line: ${JSON.stringify(line)}`);
    }
    const commands = run.agentLog.commands;
    assert.equal(commands.length, commandLines.length);
    for (const c of commands) {
      assert.ok(ALLOWED_COMMANDS.has(c.name), `command ${c.name} is one the task sends`);
      if (c.name === 'task.setvariable') assert.ok(OUR_OUTPUTS.has(c.properties.variable), `variable ${c.properties.variable} is one of the task's outputs`);
      if (c.name === 'build.addbuildtag') assert.equal(c.data, 'palisade', 'the only tag is the task\'s own');
    }
    assert.ok(!commands.some((c) => c.name === 'task.prependpath'), 'no prependpath');
    assert.ok(!commands.some((c) => c.properties.variable === 'X'), 'no variable X');
    assert.ok(!run.stderr.includes('##vso['), 'nothing on stderr either');
    assert.ok(!run.stdout.includes('\r') && !run.stdout.includes('\u202e'), 'no carriage return or right-to-left override printed raw');

    // In the log the agent writes, no line starts or contains a command or a format marker of ours.
    for (const line of run.agentLog.lines) {
      const text = line.replace(/^##\[(?:error|warning|debug)\]/, '').replace(/^##\[section\]Scanning$/, '');
      assert.ok(!/##(?:vso)?\[/i.test(text), `inert line: ${JSON.stringify(line)}`);
    }
    const log = run.agentLog.lines.join('\n');
    assert.ok(log.includes('notes<U+000A># #vso[task.setvariable variable=X]yes<U+000A># #vso[task.prependpath]/tmp/evil<U+000A>.txt'), 'the LF name is shown escaped');
    assert.ok(log.includes('report<U+000D># #vso[task.setvariable variable=X]yes<U+000D># #[error]spoofed.txt'), 'the CR name is shown escaped');
    assert.ok(log.includes('src/invoice<U+202E>fdp.js'), 'the right-to-left override is shown escaped');
    assert.ok(!log.includes(FAKE.githubPat), 'the secret in the hostile files is masked');
    const annotated = run.issues.map((i) => i.properties.sourcepath).filter(Boolean);
    assert.ok(annotated.includes('notes<U+000A># #vso[task.setvariable variable=X]yes<U+000A># #vso[task.prependpath]/tmp/evil<U+000A>.txt'), `annotation path neutralised: ${annotated.join(' | ')}`);
    // The build summary is Markdown: the names stay inside their code spans, on one line.
    for (const summary of run.summaries) assert.ok(!/[\r\u202e]|\n##/.test(summary), summary);
  });
});
