import assert from 'node:assert/strict';
import { loadGrammar } from '../../../../tasks/engine/code/grammars';
import { sourceModelGrammars, sourceModelSampleProblems } from '../../../../tasks/engine/code/sourceModelSamples';
import type { SourceModelSpec } from '../../../../tasks/engine/code/sourceModels';

function model(samples: SourceModelSpec['samples'], languages: SourceModelSpec['languages'] = ['python']): SourceModelSpec {
  return { kind: 'sources', framework: 'test', title: 't', languages, sources: ['**.request.args'], samples };
}

describe('code/sourceModelSamples', () => {
  before(async () => {
    await Promise.all((['python', 'javascript'] as const).map((g) => loadGrammar(g)));
  });

  it('needs the grammars of the model\'s sample files', () => {
    assert.deepEqual(sourceModelGrammars(model({ positive: ['sink(x)'], negative: [] })), ['python']);
    assert.deepEqual(sourceModelGrammars(model({ positive: ['sink(x)', { code: 'sink(y)', language: 'javascript' }], negative: [] }, ['python', 'javascript'])).sort(), ['javascript', 'python']);
  });

  it('passes a model whose positive samples bring input to sink() and negatives do not', () => {
    const m = model({
      positive: ['from flask import request\ndef f():\n    sink(request.args["q"])\n'],
      negative: ['from flask import request\ndef f():\n    sink(int(request.args["q"]))\n'],
    });
    assert.deepEqual(sourceModelSampleProblems(m), []);
  });

  it('reports positives without input at sink() and negatives with it', () => {
    const m = model({ positive: ['def f(x):\n    sink("constant")\n'], negative: ['def f(request):\n    sink(request.args["q"])\n'] });
    assert.deepEqual(sourceModelSampleProblems(m), [
      'positive sample 1: no request input reaches sink(): "def f(x): sink(\\"constant\\")"',
      'negative sample 1: request input reaches sink(): "def f(request): sink(request.args[\\"q\\"])"',
    ]);
  });

  it('requires every sample to call sink(...)', () => {
    const m = model({ positive: ['from flask import request\ndef f():\n    sink(request.args["q"])\n'], negative: ['def f():\n    print(1)\n'] });
    assert.deepEqual(sourceModelSampleProblems(m), ['every sample must call sink(...) with the value under test']);
  });

  it('checks a model with the shipped models\' knowledge: a parameter source from another model counts', () => {
    const m = model({ positive: ['from flask import Flask\napp = Flask(__name__)\n@app.route("/u/<n>")\ndef u(n):\n    sink(n)\n'], negative: [] });
    assert.deepEqual(sourceModelSampleProblems(m), []);
  });
});
