import assert from 'node:assert/strict';
import { TaskLog } from '../../../../tasks/PalisadeScanV1/log/taskLog';
import { parseCommands, readAsAgent } from '../../../support/agentShim';

const KEY = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAvq0e1XjW3yB3cV6yQfFq8kZ1r2Zt0nq7Xo9pA2sD4fG6hJ8k', 'L0zX2cV4bN6mQ8wE1rT3yU5iO7pA9sD2fG4hJ6kL8zX0cV2bN4mQ6wE8rT0yU2i', '-----END RSA PRIVATE KEY-----'];
const BODY = KEY.slice(1, 3).join('\n') + '\n';

function capture(): { log: TaskLog; out: string[] } {
  const out: string[] = [];
  return { log: new TaskLog((l) => out.push(l)), out };
}

describe('TaskLog', () => {
  it('registers a multi-line secret one line at a time through task-lib escaping, before it prints', () => {
    const { log, out } = capture();
    log.registerSecrets([BODY, 'p%ss;w]rd']);
    const cmds = parseCommands(out.join('\n'));
    assert.ok(cmds.every((c) => c.name === 'task.setsecret'));
    const registered = cmds.map((c) => c.data);
    assert.ok(registered.includes(KEY[1]) && registered.includes(KEY[2]));
    assert.ok(registered.includes('p%ss;w]rd'), 'percent, semicolon and bracket survive task-lib escaping and the agent unescaping');
    assert.ok(out.some((l) => l.includes('p%AZP25ss;w]rd')), 'task-lib escapes %');
    assert.ok(out.every((l) => !/[\r\n]/.test(l)));
  });

  it('masks each line of a secret on its own, in the kept copy and the printed one', () => {
    const { log, out } = capture();
    log.registerSecrets([BODY]);
    log.info(`one line leaked: ${KEY[2]}`);
    log.warning(`json: "${KEY[1]}\\n${KEY[2]}"`);
    const agent = readAsAgent(out.join('\n'));
    const printed = agent.lines.join('\n');
    for (const l of [KEY[1], KEY[2]]) {
      assert.ok(!printed.includes(l), 'the agent log');
      assert.ok(!log.text().includes(l), 'the kept log');
    }
    assert.match(log.text(), /one line leaked: \*\*\*/);
  });

  it('masks overlapping values as one span (no piece between them survives)', () => {
    const { log } = capture();
    log.registerSecrets(['abcdefgh', 'efghijkl']);
    assert.equal(log.mask('xx abcdefghijkl yy'), 'xx *** yy');
    assert.equal(log.mask('abcdefgh efghijkl'), '*** ***');
  });

  it('prints untrusted text as one inert line and sends commands only through task-lib', () => {
    const { log, out } = capture();
    const path = 'notes\n##vso[task.setvariable variable=X]yes\n##vso[task.prependpath]/tmp/evil\n.txt';
    log.section('Scanning');
    log.info(`  skipped ${path} (binary)`);
    log.warning(`${path}: ##[error]fake`);
    log.error(`bad\r##vso[task.complete result=Succeeded]`);
    log.annotate('error', 'critical: found\n##[error]x', { path, line: 3, column: 1, code: 'rule]\n##vso[task.setvariable variable=X]y' });
    log.setOutput('result', 'failed\n##vso[task.prependpath]/x');
    const agent = readAsAgent(out.join('\n'));
    assert.deepEqual(agent.commands.map((c) => c.name), ['task.logissue', 'task.logissue', 'task.logissue', 'task.setvariable']);
    assert.deepEqual(agent.commands.map((c) => c.properties.variable).filter(Boolean), ['result']);
    for (const line of out) assert.ok(line.startsWith('##vso[') || !line.includes('##vso['), line);
    for (const line of agent.lines) assert.ok(!/##vso\[|^##\[(?!section\]|error\]|warning\])|.##\[/.test(line), line);
    const annotation = agent.commands[2];
    assert.equal(annotation.properties.sourcepath, 'notes<U+000A># #vso[task.setvariable variable=X]yes<U+000A># #vso[task.prependpath]/tmp/evil<U+000A>.txt');
    assert.equal(annotation.properties.code, 'rule]<U+000A># #vso[task.setvariable variable=X]y');
    assert.equal(annotation.properties.linenumber, '3');
    assert.match(log.text(), /^== Scanning\n {2}skipped notes<U\+000A># #vso\[/);
  });

  it('shows a right-to-left override escaped', () => {
    const { log, out } = capture();
    log.info('src/invoice\u202Efdp.js');
    assert.deepEqual(out, ['src/invoice<U+202E>fdp.js']);
  });
});
