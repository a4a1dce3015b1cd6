import assert from 'node:assert/strict';
import { CODE_LANGUAGES, codeRuleSchema, CONFIG_LANGUAGES, isProgramLanguage, PROGRAM_LANGUAGES, type CodeRuleSpec } from '../../../../tasks/engine/rules/codeRuleSpec';
import { describeAjvErrors, validator } from '../../../../tasks/engine/text/yamlValidation';

const valid: CodeRuleSpec = {
  id: 'js-test', kind: 'code', title: 'Test rule', severity: 'high', cwe: ['CWE-78'], languages: ['javascript'],
  match: [{ call: ['child_process.exec()'], args: [{ arg: 0, tainted: true }] }], help: 'Do not build commands from input.',
  samples: { positive: ['exec(req.query.c)'], negative: [{ code: 'exec("ls")', language: 'typescript', file: 'a.ts' }] },
};

function problems(over: Partial<Record<keyof CodeRuleSpec, unknown>>): string[] {
  const v = validator(codeRuleSchema);
  return v({ ...valid, ...over }) ? [] : describeAjvErrors(v.errors ?? []).map((p) => `${p.key}: ${p.message}`);
}

describe('rules/codeRuleSpec', () => {
  it('splits languages into programming languages and configuration formats', () => {
    assert.deepEqual([...CODE_LANGUAGES], [...PROGRAM_LANGUAGES, ...CONFIG_LANGUAGES]);
    for (const l of PROGRAM_LANGUAGES) assert.ok(isProgramLanguage(l), l);
    for (const l of CONFIG_LANGUAGES) assert.ok(!isProgramLanguage(l), l);
    assert.ok(!isProgramLanguage('cobol'));
  });

  it('accepts program and configuration patterns with their checks', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({
      message: 'Message here', keywords: ['exec'], sources: ['evt.body'], sanitizers: ['clean()'], paths: ['src/**'], excludePaths: ['test/**'], precision: 'medium', enabled: false, tags: ['x'],
      match: [
        { new: ['BinaryFormatter'] },
        { assign: ['**.innerHTML'], value: { dynamicString: true, at: 'a.b' } },
        { pair: ['verify'], value: { equals: [false, 'false'] } },
        { ref: ['ssl.CERT_NONE'], notInside: 'debug', inFunction: { call: ['app.get()'] }, unlessInFunction: { call: ['auth()'] } },
        { query: '(call_expression) @match', context: 'password', contextNot: 'hash', textMatches: 'x' },
        { call: ['f()'], unless: [{ arg: 'shell', equals: null }, { arg: 'last', missing: true, returnsTrue: true, hostTainted: true, stringMatches: 's', textNotMatches: 't', sourceMatches: 'u', constant: false }] },
      ],
    }), []);
    assert.deepEqual(problems({
      languages: ['terraform'],
      match: [{ resource: ['azurerm_storage_account'], each: 'network_rules', where: [{ path: 'from_port', toPath: 'to_port', ports: [22] }, { path: 'x', contains: ['*'], matches: 'a', notMatches: 'b', absent: false, present: true, secretValue: true, equals: 1 }], whereNot: [{ path: 'y' }], report: '$key' }],
    }), []);
  });

  it('refuses unknown languages, empty or unknown pattern keys, and bad checks, naming where', () => {
    assert.deepEqual(problems({ languages: ['cobol'] })[0].split(':')[0], 'languages[0]');
    assert.deepEqual(problems({ match: [] }), ['match: must NOT have fewer than 1 items']);
    assert.deepEqual(problems({ match: [{}] }), ['match[0]: must NOT have fewer than 1 properties']);
    assert.deepEqual(problems({ match: [{ cal: ['x()'] }] }), ['match[0].cal: unknown key (check its spelling and indentation)']);
    assert.deepEqual(problems({ match: [{ call: ['x()'], args: [{ tainted: true }] }] }), ['match[0].args[0]: missing required key "arg"']);
    assert.deepEqual(problems({ match: [{ call: ['x()'], args: [{ arg: 0, taint: true }] }] }), ['match[0].args[0].taint: unknown key (check its spelling and indentation)']);
    assert.deepEqual(problems({ match: [{ resource: ['x'], where: [{ path: 'p', ports: [70000] }] }] }), ['match[0].where[0].ports[0]: must be <= 65535']);
    assert.deepEqual(problems({ match: [{ call: ['x()'], inFunction: { nope: 1 } }] }), ['match[0].inFunction.nope: unknown key (check its spelling and indentation)']);
    assert.deepEqual(problems({ precision: 'low' }), ['precision: must be one of "high", "medium"']);
    assert.deepEqual(problems({ message: 'no' }), ['message: must NOT have fewer than 3 characters']);
  });

  it('checks samples: strings, or objects with code and an optional known language and file', () => {
    assert.ok(problems({ samples: { positive: [''], negative: ['x'] } }).length > 0, 'an empty sample');
    assert.ok(problems({ samples: { positive: [{ code: 'x', language: 'cobol' }], negative: ['x'] } }).length > 0);
    assert.ok(problems({ samples: { positive: [{ language: 'javascript' }], negative: ['x'] } }).length > 0, 'no code');
    assert.deepEqual(problems({ samples: { positive: ['x'], negative: [] } }), ['samples.negative: must NOT have fewer than 1 items']);
  });
});
