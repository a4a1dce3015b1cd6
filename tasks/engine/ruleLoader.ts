import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CodeRuleSpec, RuleSpec } from './ruleSpec';
import { secretRuleSchema } from './ruleSpec';
import { codeRuleSchema } from './code/codeRuleSpec';
import { compileCodeRule, PatternCompileError } from './code/codeRules';
import { compileSecretRule, RuleCompileError } from './secretDetector';
import { describeAjvErrors, FileProblemError, keyPath, lineOf, parseYamlFile, validator, type ParsedYaml } from './yamlValidation';

export interface LoadedRule {
  spec: RuleSpec;
  /** Where the rule came from, for error messages. */
  source: string;
}

/**
 * Checks one rule object (from a rule file or `customRules[i]`); throws FileProblemError that
 * names the file, the key and the problem. Dispatches on `kind` (secret or code).
 */
export function validateRuleSpec(value: unknown, file: string, parsed?: ParsedYaml, prefix: (string | number)[] = []): RuleSpec {
  const kind = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { kind?: unknown }).kind : undefined;
  if (kind === 'code') return validateCodeRuleSpec(value, file, parsed, prefix);
  if (kind !== 'secret') {
    const key = [...prefix, 'kind'];
    throw new FileProblemError(file, [{ key: keyPath('/kind', prefix), line: lineOf(parsed, key), message: kind === undefined ? 'missing required key "kind" (secret or code)' : 'must be one of "secret", "code"' }]);
  }
  const validate = validator(secretRuleSchema);
  if (!validate(value)) {
    throw new FileProblemError(file, describeAjvErrors(validate.errors ?? [], parsed, prefix));
  }
  const spec = value as unknown as RuleSpec;
  if (spec.kind !== 'secret') throw new Error('unreachable: kind checked above');
  try {
    compileSecretRule(spec);
  } catch (e) {
    if (e instanceof RuleCompileError) {
      const key = [...prefix, 'pattern'];
      throw new FileProblemError(file, [{ key: keyPath('/pattern', prefix), line: lineOf(parsed, key), message: e.message }]);
    }
    throw e;
  }
  const bad = spec.keywords.find((k) => k.toLowerCase() !== k);
  if (bad) {
    const key = [...prefix, 'keywords'];
    throw new FileProblemError(file, [{ key: keyPath('/keywords', prefix), line: lineOf(parsed, key), message: `keyword "${bad}" must be lower case (matching ignores case)` }]);
  }
  return spec;
}

function validateCodeRuleSpec(value: unknown, file: string, parsed: ParsedYaml | undefined, prefix: (string | number)[]): CodeRuleSpec {
  const validate = validator(codeRuleSchema);
  if (!validate(value)) throw new FileProblemError(file, describeAjvErrors(validate.errors ?? [], parsed, prefix));
  const spec = value as unknown as CodeRuleSpec;
  try {
    compileCodeRule(spec);
  } catch (e) {
    if (e instanceof PatternCompileError) {
      // Messages start with the key they are about (e.g. "match[0].args[1]: ...").
      const m = /^([A-Za-z]+)(?:\[(\d+)\])?/.exec(e.message);
      const key = m ? [...prefix, m[1], ...(m[2] ? [Number(m[2])] : [])] : [...prefix, 'match'];
      throw new FileProblemError(file, [{ key: keyPath(`/${m ? m[1] : 'match'}`, prefix), line: lineOf(parsed, key), message: e.message }]);
    }
    throw e;
  }
  return spec;
}

export function loadRuleFile(file: string, displayName = file): LoadedRule {
  const parsed = parseYamlFile(displayName, readFileSync(file, 'utf8'));
  return { spec: validateRuleSpec(parsed.value, displayName, parsed), source: displayName };
}

/** Every `*.yml` rule file under `dir`, sorted by path so rule order is stable. */
export function loadRuleDir(dir: string): LoadedRule[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  const rules = files.map((f) => loadRuleFile(f, relative(process.cwd(), f) || f));
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.spec.id);
    if (prev) throw new FileProblemError(r.source, [{ key: 'id', message: `rule id "${r.spec.id}" is already used by ${prev}` }]);
    seen.set(r.spec.id, r.source);
  }
  return rules;
}

/** The rules shipped with Palisade: next to the bundle when packaged, in the repo otherwise. */
export function builtinRulesDir(): string {
  const candidates = [join(__dirname, 'rules'), join(__dirname, '..', 'rules'), join(__dirname, '..', '..', '..', 'tasks', 'rules')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Palisade's rule files are missing (looked in ${candidates.join(', ')}); reinstall the task or CLI.`);
  return found;
}

let builtinCache: LoadedRule[] | undefined;

export function loadBuiltinRules(): LoadedRule[] {
  builtinCache ??= loadRuleDir(builtinRulesDir());
  return builtinCache;
}
