import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeFromModels, knowledgeOf } from '../../../../tasks/engine/code/knowledge';
import { builtinSourceModels, isSourceModelFile, loadSourceModelDir, readFreshSourceModelBundle, validateSourceModel, writeSourceModelBundle } from '../../../../tasks/engine/code/sourceModels';
import { loadRuleDir, SOURCE_RULES_DIR } from '../../../../tasks/engine/ruleset/ruleLoader';
import { openFreshBundle, writeRuleBundle } from '../../../../tasks/engine/ruleset/ruleBundle';
import { checkedFilesIn } from '../../../../tasks/engine/text/checkedFiles';
import { makeTree, removeTree } from '../../../support/tmpTree';

const MODEL = `kind: sources
framework: demo
title: Demo framework
languages: [python]
sources: ['**.demo_request.args']
samples:
  positive:
    - |
      def f(demo_request):
          sink(demo_request.args["x"])
  negative:
    - |
      def f(x):
          sink(x)
`;

/** Framework source models: data files under tasks/rules/code/sources, loaded into the language knowledge. */
describe('framework source models', () => {
  let root = '';
  afterEach(() => root && removeTree(root));

  it('are where the language knowledge comes from (no lists left in code)', () => {
    const specs = builtinSourceModels().map((m) => m.spec);
    assert.ok(knowledgeOf('java').annotatedSources.includes('RequestParam'));
    assert.ok(knowledgeOf('typescript').sources.includes('req.query'), 'TypeScript shares the JavaScript models');
    assert.ok(knowledgeOf('razor').annotatedSources.includes('FromQuery'), 'Razor shares the C# models');
    assert.ok(knowledgeOf('python').parameters.length > 0);
    const noSpring = knowledgeFromModels('java', specs.filter((s) => s.framework !== 'spring'));
    assert.ok(!noSpring.annotatedSources.includes('RequestParam'));
    assert.ok(!knowledgeFromModels('go', []).sources.length);
  });

  it('are not loaded as rules', () => {
    assert.ok(isSourceModelFile(SOURCE_RULES_DIR, join(SOURCE_RULES_DIR, 'code', 'sources', 'flask.yml')));
    assert.ok(!isSourceModelFile(SOURCE_RULES_DIR, join(SOURCE_RULES_DIR, 'code', 'python', 'py-ssrf.yml')));
    assert.ok(loadRuleDir(SOURCE_RULES_DIR).every((r) => !r.source.includes(join('code', 'sources'))));
  });

  it('reject bad models with the file, key and problem', () => {
    const base = { kind: 'sources', framework: 'x', title: 'Demo', languages: ['python'], samples: { positive: ['sink(1)'], negative: ['sink(2)'] } };
    assert.throws(() => validateSourceModel({ ...base, sources: ['req.(bad)'] }, 'm.yml'), /m\.yml: sources: chain pattern "req\.\(bad\)"/);
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ params: 'all' }] }, 'm.yml'), /parameters\[0\]: say which functions/);
    // An object key says which functions as well (GraphQL resolver maps); a position is a whole number.
    assert.doesNotThrow(() => validateSourceModel({ ...base, parameters: [{ inObjectUnder: ['Query'], position: 1 }] }, 'm.yml'));
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ inObjectUnder: ['Query'], position: -1 }] }, 'm.yml'));
    assert.throws(() => validateSourceModel({ ...base, otherMembers: [{ of: ['req.(bad)'], except: [] }] }, 'm.yml'), /otherMembers\[0\]\.of/);
    assert.throws(() => validateSourceModel({ ...base, otherMembers: [{ of: ['req'], except: ['not a name'] }] }, 'm.yml'));
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ decorators: ['**.route'], exceptTypes: '(' }] }, 'm.yml'), /parameters\[0\]\.exceptTypes is not a valid regular expression/);
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ classes: { extendsMatches: '(' } }] }, 'm.yml'), /parameters\[0\]\.classes\.extendsMatches is not a valid regular expression/);
    assert.throws(() => validateSourceModel({ ...base, instances: [{ extends: ['pydantic.BaseModel'], carries: 'arguments' }] }, 'm.yml'), /m\.yml/);
    assert.throws(() => validateSourceModel({ ...base, instances: [{ extends: ['BaseModel'], carries: 'everything' }] }, 'm.yml'), /m\.yml/);
    assert.doesNotThrow(() => validateSourceModel({ ...base, instances: [{ extends: ['BaseModel'], carries: 'arguments' }] }, 'm.yml'));
    assert.throws(() => validateSourceModel({ ...base, languages: ['cobol'] }, 'm.yml'), /m\.yml/);
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ functionName: '^onmessage$', eventNames: ['message'] }] }, 'm.yml'), /parameters\[0\]\.eventNames: eventNames needs passedTo/);
    assert.throws(() => validateSourceModel({ ...base, parameters: [{ functionName: '^onmessage$', exceptBody: '(' }] }, 'm.yml'), /parameters\[0\]\.exceptBody is not a valid regular expression/);
    root = makeTree({ 'a.yml': MODEL, 'b.yml': MODEL });
    assert.throws(() => loadSourceModelDir(root), /framework "demo" is already described by/);
  });

  it('load from a build-time bundle while it is fresh, from the YAML when a model changed', () => {
    root = makeTree({ 'models/demo.yml': MODEL });
    const dir = join(root, 'models');
    const bundle = join(root, 'out', 'source-models.bundle.json');
    assert.equal(writeSourceModelBundle(dir, bundle), 1);
    assert.equal(readFreshSourceModelBundle(bundle, dir)?.[0].spec.framework, 'demo');
    assert.equal(readFreshSourceModelBundle(bundle, undefined)?.length, 1, 'a packaged task trusts its bundle');
    writeFileSync(join(dir, 'demo.yml'), readFileSync(join(dir, 'demo.yml'), 'utf8').replace('Demo framework', 'Demo frameworks'));
    utimesSync(join(dir, 'demo.yml'), new Date(), new Date(Date.now() + 5000));
    assert.equal(readFreshSourceModelBundle(bundle, dir), null);
    writeFileSync(bundle, '{not json');
    assert.equal(readFreshSourceModelBundle(bundle, undefined), null);
  });

  it("after the rule bundle's check, take the models as it found them, and stat them again when that differs", () => {
    root = makeTree({ 'rules/code/sources/demo.yml': MODEL, 'rules/code/sources/more/other.yml': MODEL });
    const src = join(root, 'rules');
    const dir = join(src, 'code', 'sources');
    const models = join(root, 'out', 'source-models.bundle.json');
    const rules = join(root, 'out', 'rules.bundle.json');
    writeFileSync(join(dir, 'more', 'other.yml'), MODEL.replace('demo', 'other'));
    writeSourceModelBundle(dir, models);
    assert.equal(checkedFilesIn(dir), undefined, 'no check of their folder yet');
    writeRuleBundle([], src, rules);
    assert.ok(openFreshBundle(rules, src));
    assert.deepEqual(checkedFilesIn(dir)?.map((f) => f.name), ['demo.yml'], "the folder's own files");
    assert.equal(readFreshSourceModelBundle(models, dir, true)?.length, 1);
    // A model edited after its bundle was made, and the rule bundle made again since: the rule
    // check found the new file, which is not the one the models' bundle was made from.
    writeFileSync(join(dir, 'demo.yml'), MODEL.replace('Demo framework', 'Demo frameworks'));
    utimesSync(join(dir, 'demo.yml'), new Date(), new Date(Date.now() + 5000));
    writeRuleBundle([], src, rules);
    assert.ok(openFreshBundle(rules, src));
    assert.equal(readFreshSourceModelBundle(models, dir, true), null);
  });
});
