import assert from 'node:assert/strict';
import { InputError, readInputs } from '../../../../tasks/PalisadeScanV1/context/inputs';

const reader = (m: Record<string, string>) => ({ get: (n: string) => m[n] });

describe('task inputs', () => {
  it('applies defaults, with settings-driven scanners and failOn', () => {
    const i = readInputs(reader({}), '/src');
    assert.equal(i.path, '/src');
    assert.equal(i.failOn, null);
    assert.equal(i.scanners, null);
    assert.equal(i.scanScope, 'auto');
    assert.equal(i.config, '.palisade.yml');
    assert.equal(i.configExplicit, false);
    assert.equal(i.maxPrComments, 20);
    assert.equal(i.artifactName, 'CodeAnalysisLogs');
    assert.equal(i.continueOnScannerError, false);
  });

  it('parses lists, booleans and numbers', () => {
    const i = readInputs(reader({ scanners: 'secrets, code', failOn: 'medium', excludes: 'a/**\n# comment\n\n b.js ', prComments: 'false', timeoutMinutes: '5', config: 'cfg/palisade.yml' }), '/src');
    assert.deepEqual(i.scanners, ['secrets', 'code']);
    assert.equal(i.failOn, 'medium');
    assert.deepEqual(i.excludes, ['a/**', 'b.js']);
    assert.equal(i.prComments, false);
    assert.equal(i.timeoutMinutes, 5);
    assert.equal(i.configExplicit, true);
  });

  it('names the input and the value it rejects', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ scanners: 'secrets,malware' }, /Input "scanners" has "malware"/],
      [{ failOn: 'urgent' }, /Input "failOn" must be one of .*got "urgent"/],
      [{ scanScope: 'partial' }, /Input "scanScope" must be auto, full or diff; got "partial"/],
      [{ prStatus: 'yes' }, /Input "prStatus" must be true or false, not "yes"/],
      [{ maxPrComments: '-1' }, /Input "maxPrComments" must be a whole number from 0 to 200, not "-1"/],
      [{ timeoutMinutes: '0' }, /Input "timeoutMinutes" must be a whole number from 1 to 1440/],
      [{ statusName: 'bad name!' }, /Input "statusName"/],
      [{ artifactName: '../x' }, /Input "artifactName"/],
    ];
    for (const [m, re] of bad) assert.throws(() => readInputs(reader(m), '/src'), (e: Error) => e instanceof InputError && re.test(e.message), JSON.stringify(m));
  });
});
