import assert from 'node:assert/strict';
import {
  compileKnowledge,
  knowledgeFromModels,
  knowledgeOf,
  NUMERIC_MEMBERS,
  STRING_BUILDERS,
  STRING_PASSTHROUGH,
  TAINT_PROPAGATORS,
} from '../../../../tasks/engine/code/knowledge';
import type { SourceModelSpec } from '../../../../tasks/engine/code/sourceModels';

function model(framework: string, languages: SourceModelSpec['languages'], extra: Partial<SourceModelSpec>): SourceModelSpec {
  return { kind: 'sources', framework, title: framework, languages, samples: { positive: [], negative: [] }, ...extra };
}

const models: SourceModelSpec[] = [
  model('web-js', ['javascript'], { sources: ['req.query', 'req.body'], sanitizers: ['parseInt()'], parameters: [{ passedTo: ['app.get()'] }] }),
  model('web-js-2', ['javascript'], { sources: ['req.query', 'ctx.request.body'] }),
  model('web-ts', ['typescript'], { annotatedSources: ['Body', 'Query'] }),
  model('web-cs', ['csharp'], { annotatedSources: ['FromQuery'], sanitizers: ['int.Parse()'] }),
  model('razor-only', ['razor'], { sources: ['Request.Form'] }),
];

describe('code/knowledge', () => {
  it('collects a language\'s sources, annotations, sanitisers and parameters from its models, without duplicates', () => {
    const k = knowledgeFromModels('javascript', models);
    assert.deepEqual(k.sources, ['req.query', 'req.body', 'ctx.request.body']);
    assert.deepEqual(k.sanitizers, ['parseInt()']);
    assert.deepEqual(k.annotatedSources, []);
    assert.deepEqual(k.parameters, [{ passedTo: ['app.get()'] }]);
  });

  it('gives TypeScript the JavaScript models too, and Razor the C# ones (not the reverse)', () => {
    const ts = knowledgeFromModels('typescript', models);
    assert.deepEqual(ts.sources, ['req.query', 'req.body', 'ctx.request.body']);
    assert.deepEqual(ts.annotatedSources, ['Body', 'Query']);
    assert.deepEqual(knowledgeFromModels('javascript', models).annotatedSources, [], 'TS-only models stay out of JS');
    const razor = knowledgeFromModels('razor', models);
    assert.deepEqual(razor.sources, ['Request.Form']);
    assert.deepEqual(razor.annotatedSources, ['FromQuery']);
    assert.deepEqual(knowledgeFromModels('csharp', models).sources, [], 'Razor-only models stay out of C#');
  });

  it('knows nothing about a language without models', () => {
    assert.deepEqual(knowledgeFromModels('go', models), { sources: [], otherMembers: [], annotatedSources: [], boundClasses: [], sanitizers: [], resultArgs: [], parameters: [], instances: [] });
  });

  it('reads the shipped models once per language', () => {
    const a = knowledgeOf('python');
    assert.equal(knowledgeOf('python'), a);
    assert.ok(a.sources.length > 0);
    assert.ok(knowledgeOf('javascript').sources.includes('req.query'));
  });

  it('compiles the shipped knowledge plus a rule\'s own sources and sanitisers, keyed by all three', () => {
    const base = compileKnowledge('javascript');
    const extra = compileKnowledge('javascript', ['event.body'], ['clean()']);
    assert.equal(extra.sources.length, base.sources.length + 1);
    assert.equal(extra.sources.at(-1)?.source, 'event.body');
    assert.deepEqual(extra.sanitizers.at(-1)?.segments, ['clean()']);
    assert.equal(extra.parameters.length, knowledgeOf('javascript').parameters.length);
    assert.equal(base.key, 'javascript||');
    assert.equal(extra.key, 'javascript|event.body|clean()');
    assert.ok(compileKnowledge('java').annotatedSources.has('RequestParam'));
    // Compiled once per key: rules that add nothing share their language's copy.
    assert.equal(compileKnowledge('javascript'), base);
    assert.equal(compileKnowledge('javascript', ['event.body'], ['clean()']), extra);
    assert.notEqual(compileKnowledge('typescript'), base);
  });

  it('refuses a rule source that is not a chain pattern', () => {
    assert.throws(() => compileKnowledge('javascript', ['req body']), /chain pattern "req body" has an invalid segment/);
  });

  it('keeps the call tables apart from the member table', () => {
    for (const n of ['format', 'Sprintf', 'join']) assert.ok(STRING_BUILDERS.has(n), n);
    for (const n of ['trim', 'toLowerCase', 'ToUpperInvariant']) assert.ok(STRING_PASSTHROUGH.has(n), n);
    for (const n of ['decodeURIComponent', 'b64decode', 'Combine']) assert.ok(TAINT_PROPAGATORS.has(n), n);
    assert.ok(!TAINT_PROPAGATORS.has('query'), 'a query result is not the attacker\'s text');
    for (const n of ['length', 'Count', 'len']) assert.ok(NUMERIC_MEMBERS.has(n), n);
  });
});
