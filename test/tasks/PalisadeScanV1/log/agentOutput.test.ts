import assert from 'node:assert/strict';
import { neutralisingDebugStream, taskLibOutput, textOutput, type TaskLib } from '../../../../tasks/PalisadeScanV1/log/agentOutput';

describe('log/agentOutput', () => {
  it('formats logging commands as task-lib does, escaping their data and properties', () => {
    const lines: string[] = [];
    const out = textOutput((l) => lines.push(l));
    out.line('plain');
    out.setSecret('s3cret;]');
    out.setSecret('');
    out.issue('warning', 'bad\nthing', { path: 'src/a;b.js', line: 3, column: 4, code: 'r1' });
    out.issue('error', 'no place');
    out.setOutput('result', 'failed');
    out.uploadArtifact('Palisade', '/a/b');
    out.uploadSummary('/t/s.md');
    out.addBuildTag('palisade');
    assert.deepEqual(lines, [
      'plain',
      '##vso[task.setsecret]s3cret;]',
      '##vso[task.logissue type=warning;code=r1;sourcepath=src/a%3Bb.js;linenumber=3;columnnumber=4;]bad%0Athing',
      '##vso[task.logissue type=error;]no place',
      '##vso[task.setvariable variable=result;isOutput=true;issecret=false;]failed',
      '##vso[artifact.upload containerfolder=Palisade;artifactname=Palisade;]/a/b',
      '##vso[task.uploadsummary]/t/s.md',
      '##vso[build.addbuildtag]palisade',
    ]);
  });

  it('refuses a multi-line secret, as the agent would', () => {
    assert.throws(() => textOutput(() => undefined).setSecret('a\nb'), /Secrets cannot contain multiple lines/);
  });

  it('sends each call through the task-lib functions', () => {
    const calls: unknown[][] = [];
    const rec = (name: string) => (...a: unknown[]) => calls.push([name, ...a]);
    const tl = {
      setSecret: rec('setSecret'), logIssue: rec('logIssue'), setVariable: rec('setVariable'), uploadArtifact: rec('uploadArtifact'),
      uploadSummary: rec('uploadSummary'), addBuildTag: rec('addBuildTag'), IssueType: { Error: 1, Warning: 2 },
    } as unknown as TaskLib;
    const written: string[] = [];
    const out = taskLibOutput(tl, (t) => written.push(t));
    out.line('hello');
    out.setSecret('x');
    out.issue('error', 'e', { path: 'p', line: 1 });
    out.issue('warning', 'w');
    out.setOutput('n', 'v');
    out.uploadArtifact('A', '/f');
    out.uploadSummary('/s');
    out.addBuildTag('t');
    assert.deepEqual(written, ['hello']);
    assert.deepEqual(calls, [
      ['setSecret', 'x'],
      ['logIssue', 1, 'e', 'p', 1, undefined, undefined],
      ['logIssue', 2, 'w', undefined, undefined, undefined, undefined],
      ['setVariable', 'n', 'v', false, true],
      ['uploadArtifact', 'A', '/f', 'A'],
      ['uploadSummary', '/s'],
      ['addBuildTag', 't'],
    ]);
  });

  it('re-issues task-lib debug lines with their decoded message neutralised, passing other lines unchanged', () => {
    const written: string[] = [];
    const stream = neutralisingDebugStream((t) => written.push(t), (s) => s.replace(/##/g, '#_#').replace(/\n/g, ' '));
    assert.equal(stream.write('##vso[task.debug]found src/%0A##[error]evil.js\r\nplain line\n'), true);
    assert.deepEqual(written, ['##vso[task.debug]found src/ #_#[error]evil.js\r\nplain line\n']);
    stream.write(Buffer.from('##vso[task.debug]100%AZP25 done'));
    assert.equal(written[1], '##vso[task.debug]100%AZP25 done', 'a decoded % is encoded again');
  });
});
