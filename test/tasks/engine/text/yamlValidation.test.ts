import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { configSchema } from '../../../../tasks/engine/config/palisadeConfig';
import { sourceModelSchema } from '../../../../tasks/engine/code/sourceModels';
import { codeRuleSchema } from '../../../../tasks/engine/rules/codeRuleSpec';
import { secretRuleSchema } from '../../../../tasks/engine/rules/ruleSpec';
import { describeAjvErrors, FileProblemError, keyPath, lineOf, parseYamlFile, validator } from '../../../../tasks/engine/text/yamlValidation';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'rules'],
  properties: {
    id: { type: 'string', pattern: '^[a-z]+$' },
    kind: { const: 'secret' },
    level: { enum: ['low', 'high'] },
    rules: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, n: { type: 'integer' } } },
    },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
};

function problems(text: string, prefix: (string | number)[] = []) {
  const parsed = parseYamlFile('f.yml', text);
  const v = validator(schema);
  assert.equal(v(parsed.value), false, 'the sample must be invalid');
  return describeAjvErrors(v.errors ?? [], parsed, prefix);
}

describe('text/yamlValidation', () => {
  it('every built-in schema is a valid JSON schema (the run-time validator skips that check)', () => {
    const checker = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    for (const [name, s] of Object.entries({ configSchema, sourceModelSchema, codeRuleSchema, secretRuleSchema })) {
      assert.equal(checker.validateSchema(s), true, `${name}: ${JSON.stringify(checker.errors)}`);
    }
    assert.equal(checker.validateSchema({ type: 'object', properties: { a: { type: 'strin' } } }), false, 'and the check itself notices a bad one');
  });

  it('formats problems as file:line: key: message, one per line', () => {
    const e = new FileProblemError('a.yml', [{ key: 'x.y', line: 3, message: 'bad' }, { key: '', message: 'worse' }]);
    assert.equal(e.message, 'a.yml:3: x.y: bad\na.yml: worse');
    assert.equal(e.name, 'FileProblemError');
    assert.ok(e instanceof Error);
    assert.equal(e.file, 'a.yml');
  });

  it('parses YAML into a value with its document and line counter', () => {
    const p = parseYamlFile('f.yml', 'a: 1\nb:\n  - x\n  - y\n');
    assert.deepEqual(p.value, { a: 1, b: ['x', 'y'] });
    assert.equal(lineOf(p, ['b', 1]), 4);
  });

  it('reports syntax errors and duplicate keys with their line', () => {
    assert.throws(() => parseYamlFile('f.yml', 'a: 1\nb: [1, 2\n'), (e: unknown) => e instanceof FileProblemError && /^f\.yml:\d+: YAML syntax error: /.test(e.message));
    assert.throws(() => parseYamlFile('f.yml', 'a: 1\na: 2\n'), (e: unknown) => e instanceof FileProblemError && /^f\.yml:2: YAML syntax error: .*unique/i.test(e.message));
  });

  it('refuses alias bombs', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 12 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i ? `*b${i - 1}` : '*a').join(', ')}]`).join('\n') + '\n';
    assert.throws(() => parseYamlFile('bomb.yml', bomb), /alias/i);
  });

  it('turns JSON pointers into dotted key paths, with a prefix and escapes', () => {
    assert.equal(keyPath('/customRules/0/id'), 'customRules[0].id');
    assert.equal(keyPath(''), '');
    assert.equal(keyPath('/id', ['customRules', 2]), 'customRules[2].id');
    assert.equal(keyPath('/a~1b/c~0d'), 'a/b.c~d');
  });

  it('finds the line of a key, falling back to the nearest parent that exists', () => {
    const p = parseYamlFile('f.yml', 'top:\n  inner:\n    - one\n');
    assert.equal(lineOf(p, ['top', 'inner', 0]), 3);
    assert.equal(lineOf(p, ['top', 'inner', 7, 'x']), 3, 'the list under inner');
    assert.equal(lineOf(p, ['top', 'other']), 2, 'the map under top');
    assert.equal(lineOf(p, ['missing']), 1, 'the document itself');
    assert.equal(lineOf(undefined, ['top']), undefined);
  });

  it('compiles each schema once', () => {
    assert.equal(validator(schema), validator(schema));
  });

  it('describes unknown, missing, enum, const and pattern problems with key and line', () => {
    const out = problems('id: Bad1\nkind: code\nlevel: mid\nrules:\n  - name: a\n    nmae: b\n');
    assert.deepEqual(out, [
      { key: 'id', line: 1, message: 'has an invalid value (expected to match ^[a-z]+$)' },
      { key: 'kind', line: 2, message: 'must be "secret"' },
      { key: 'level', line: 3, message: 'must be one of "low", "high"' },
      { key: 'rules[0].nmae', line: 6, message: 'unknown key (check its spelling and indentation)' },
    ]);
    assert.deepEqual(problems('rules: []\n'), [{ key: '', line: 1, message: 'missing required key "id"' }]);
  });

  it('skips the summary errors of anyOf and reports the branch problems once', () => {
    const out = problems('id: ok\nrules: []\neither: [1]\n');
    assert.ok(out.length >= 1);
    assert.ok(out.every((p) => p.key === 'either' && p.line === 3), JSON.stringify(out));
    assert.equal(new Set(out.map((p) => p.message)).size, out.length, 'no duplicates');
    assert.ok(!out.some((p) => /anyOf|match a schema/.test(p.message)));
  });

  it('prefixes keys for objects nested in a bigger file', () => {
    const v = validator(schema);
    v({ id: 'x', rules: [{ n: 'one' }] });
    assert.deepEqual(describeAjvErrors(v.errors ?? [], undefined, ['customRules', 1]), [{ key: 'customRules[1].rules[0].n', line: undefined, message: 'must be integer' }]);
  });
});
