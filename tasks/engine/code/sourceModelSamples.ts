import type { CodeRuleSpec, CodeSample } from '../rules/codeRuleSpec';
import { sampleFile } from './codeSamples';
import { CodeRuleSet, compileCodeRule } from './codeRules';
import { sampleGrammars } from './codeSamples';
import type { GrammarName } from './languages';
import type { SourceModelSpec } from './sourceModels';

/**
 * Checks a source model's samples: a call `sink(...)` in a sample is a probe, reported when
 * request input (as all shipped models together describe it) reaches one of its arguments.
 * A positive sample must have a reported probe, a negative one none.
 */

function probeRule(model: SourceModelSpec): CodeRuleSpec {
  return {
    id: `source-model-probe-${model.framework}`,
    kind: 'code',
    title: 'Request input reaches sink()',
    severity: 'note',
    cwe: ['CWE-20'],
    languages: [...model.languages],
    match: [{ call: ['sink()', '**.sink()', 'Sink()', '**.Sink()'], args: [{ arg: '*', tainted: true }] }],
    help: 'Probe used to check source model samples.',
    samples: model.samples,
  };
}

/** Grammars needed to check the model's samples. */
export function sourceModelGrammars(model: SourceModelSpec): GrammarName[] {
  return sampleGrammars(probeRule(model));
}

function show(s: CodeSample): string {
  const flat = (typeof s === 'string' ? s : s.code).replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 100 ? `${flat.slice(0, 99)}…` : flat);
}

/** Problems with the model's samples (grammars already loaded). */
export function sourceModelSampleProblems(model: SourceModelSpec): string[] {
  const rule = probeRule(model);
  const set = new CodeRuleSet([compileCodeRule(rule)]);
  const problems: string[] = [];
  const reported = (s: CodeSample): boolean => {
    const { file, code } = sampleFile(rule, s);
    const scanProblems: { message: string }[] = [];
    const hits = set.scanPrepared(code, file, scanProblems);
    for (const p of scanProblems) problems.push(`sample ${show(s)} could not be checked: ${p.message}`);
    return hits.length > 0;
  };
  if (![...model.samples.positive, ...model.samples.negative].every((s) => /\bsink\s*\(/i.test(typeof s === 'string' ? s : s.code))) {
    problems.push('every sample must call sink(...) with the value under test');
  }
  model.samples.positive.forEach((s, i) => {
    if (!reported(s)) problems.push(`positive sample ${i + 1}: no request input reaches sink(): ${show(s)}`);
    else {
      const { file, code } = sampleFile(rule, s);
      if (set.readsNoInput(code, file)) problems.push(`positive sample ${i + 1}: the test before parsing finds no source named in it, so a scan would skip the rules that need input there (crossFileHints misses this model): ${show(s)}`);
    }
  });
  model.samples.negative.forEach((s, i) => {
    if (reported(s)) problems.push(`negative sample ${i + 1}: request input reaches sink(): ${show(s)}`);
  });
  return problems;
}
