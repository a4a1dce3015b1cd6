import { readFileSync, existsSync } from 'node:fs';
import { BUILTIN_KINDS, type BuiltinKind, inBundleOrder, listRuleFiles, openFreshBundle, type OpenBundle, RULE_BUNDLE_FILE, writeRuleBundle, writeRuleList } from './ruleBundle';
import { listedRuleSummaries, ruleDirCandidates, SOURCE_RULES_DIR } from './ruleList';
import { dirname, join, relative } from 'node:path';
import { isCodeRule, isSecretRule, type CodeRuleSpec, type LoadedRule, type RuleSpec } from '../rules/ruleSpec';
import type { RuleSummary } from '../../contract/findings';
import { ruleSummary } from './ruleSummary';
import { secretRuleSchema } from '../rules/ruleSpec';
import { codeRuleSchema } from '../rules/codeRuleSpec';
import { compileCodeRule, PatternCompileError } from '../code/codeRules';
import { isSourceModelFile, SOURCE_MODEL_BUNDLE_FILE, SOURCE_MODELS_SUBDIR, writeSourceModelBundle } from '../code/sourceModels';
import { nestedQuantifierProblem } from './regexSafety';
import { uncoveredName } from './keywordCoverage';
import { checkSecretRule, RuleCompileError } from '../secrets/detector';
import { describeAjvErrors, FileProblemError, keyPath, lineOf, parseYamlFile, validator, type ParsedYaml } from '../text/yamlValidation';

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
    checkSecretRule(spec);
  } catch (e) {
    if (e instanceof RuleCompileError) {
      const key = [...prefix, 'pattern'];
      throw new FileProblemError(file, [{ key: keyPath('/pattern', prefix), line: lineOf(parsed, key), message: e.message }]);
    }
    throw e;
  }
  const risky = nestedQuantifierProblem(spec.pattern, spec.flags);
  if (risky) {
    const key = [...prefix, 'pattern'];
    throw new FileProblemError(file, [{ key: keyPath('/pattern', prefix), line: lineOf(parsed, key), message: `rule "${spec.id}": ${risky}` }]);
  }
  (spec.allowlist?.patterns ?? []).forEach((p, i) => {
    const problem = nestedQuantifierProblem(p);
    if (!problem) return;
    const key = [...prefix, 'allowlist', 'patterns', i];
    throw new FileProblemError(file, [{ key: keyPath(`/allowlist/patterns/${i}`, prefix), line: lineOf(parsed, key), message: `rule "${spec.id}": ${problem}` }]);
  });
  const bad = spec.keywords.find((k) => k.toLowerCase() !== k);
  if (bad) {
    const key = [...prefix, 'keywords'];
    throw new FileProblemError(file, [{ key: keyPath('/keywords', prefix), line: lineOf(parsed, key), message: `keyword "${bad}" must be lower case (matching ignores case)` }]);
  }
  const uncovered = uncoveredName(spec.pattern, spec.flags, spec.keywords);
  if (uncovered !== undefined) {
    const key = [...prefix, 'keywords'];
    const message = `rule "${spec.id}": the pattern accepts the name "${uncovered}", which holds none of the keywords, so files that spell it so are never scanned for it; add a keyword it holds (e.g. "${uncovered.toLowerCase()}")`;
    throw new FileProblemError(file, [{ key: keyPath('/keywords', prefix), line: lineOf(parsed, key), message }]);
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

/** Every `*.yml` rule file under `dir` (source models aside), sorted by path so rule order is stable. */
export function loadRuleDir(dir: string): LoadedRule[] {
  const rules = listRuleFiles(dir).filter((f) => !isSourceModelFile(dir, f)).map((f) => loadRuleFile(f, relative(process.cwd(), f) || f));
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.spec.id);
    if (prev) throw new FileProblemError(r.source, [{ key: 'id', message: `rule id "${r.spec.id}" is already used by ${prev}` }]);
    seen.set(r.spec.id, r.source);
  }
  return rules;
}

export { SOURCE_RULES_DIR } from './ruleList';

/** The folder with the rule YAML files (for tools that read the sources). */
export function builtinRulesDir(): string {
  const found = ruleDirCandidates().find((c) => existsSync(c) && listRuleFiles(c).length > 0);
  if (!found) throw new Error(`Palisade's rule files are missing (looked in ${ruleDirCandidates().join(', ')}); reinstall the task or CLI.`);
  return found;
}

/** Where the built-in rules come from in this process: a fresh bundle, else the YAML (read once). */
let builtinSource: { bundle: OpenBundle } | { yaml: LoadedRule[] } | undefined;
const builtinByKind = new Map<BuiltinKind, LoadedRule[]>();
let builtinAll: LoadedRule[] | undefined;

function openBuiltins(): { bundle: OpenBundle } | { yaml: LoadedRule[] } {
  if (builtinSource) return builtinSource;
  for (const dir of ruleDirCandidates()) {
    const bundle = openFreshBundle(join(dir, RULE_BUNDLE_FILE), SOURCE_RULES_DIR);
    if (bundle) return (builtinSource = { bundle });
  }
  return (builtinSource = { yaml: loadRuleDir(builtinRulesDir()) });
}

function builtinsOfKind(kind: BuiltinKind): LoadedRule[] {
  let rules = builtinByKind.get(kind);
  if (rules) return rules;
  const source = openBuiltins();
  if ('bundle' in source) {
    const loaded = source.bundle.load(kind);
    if (!loaded) {
      // A kind's file that cannot be used (a build cut short): every rule from the YAML instead.
      builtinSource = { yaml: loadRuleDir(builtinRulesDir()) };
      builtinByKind.clear();
      return builtinsOfKind(kind);
    }
    rules = loaded;
  } else {
    rules = source.yaml.filter((r) => r.spec.kind === kind);
  }
  builtinByKind.set(kind, rules);
  return rules;
}

/**
 * The built-in rules (by default every kind), in the order of their files; the same objects
 * on every call. From a fresh pre-validated bundle when there is one, else the YAML. A scan
 * by one scanner asks for its kind only, and the other kind's specs are then not read.
 *
 * `codeLanguages`: of the code rules, only those for one of these languages (a scan of a few
 * files, which no other rule can match). Unless every code rule is loaded already, these are
 * objects of their own, made on each call: the others' specs are parsed but not kept, and their
 * rules neither compiled nor indexed by the scan's rule set.
 */
export function loadBuiltinRules(kinds: readonly BuiltinKind[] = BUILTIN_KINDS, codeLanguages?: ReadonlySet<string>): LoadedRule[] {
  const all = BUILTIN_KINDS.every((k) => kinds.includes(k));
  if (all && builtinAll && !codeLanguages) return builtinAll;
  const covered = (languages: readonly string[]): boolean => languages.some((l) => codeLanguages!.has(l));
  const byKind = new Map(BUILTIN_KINDS.filter((k) => kinds.includes(k)).map((k) => [k, codeLanguages && k === 'code' ? builtinCodeRulesFor(covered) : builtinsOfKind(k)] as const));
  const source = openBuiltins();
  const rules = inBundleOrder('bundle' in source ? source.bundle.rules : source.yaml.map((r) => r.spec), byKind);
  if (all && !codeLanguages) builtinAll = rules;
  return rules;
}

/** The built-in code rules whose languages `keep` accepts (see loadBuiltinRules' codeLanguages). */
function builtinCodeRulesFor(keep: (languages: readonly string[]) => boolean): LoadedRule[] {
  const covers = (r: LoadedRule): boolean => isCodeRule(r.spec) && keep(r.spec.languages);
  const loaded = builtinByKind.get('code');
  if (loaded) return loaded.filter(covers);
  const source = openBuiltins();
  if ('bundle' in source) {
    const some = source.bundle.load('code', keep);
    if (some) return some;
  }
  // From the YAML, or a bundle whose code part cannot be used (builtinsOfKind then reads the YAML).
  return builtinsOfKind('code').filter(covers);
}

/** Every built-in rule's id, without reading the rules themselves when the bundle is fresh. */
export function builtinRuleIds(): string[] {
  const source = openBuiltins();
  return 'bundle' in source ? source.bundle.rules.map((r) => r.id) : source.yaml.map((r) => r.spec.id);
}

/**
 * Every built-in rule's summary, each enabled with its own severity (what `palisade rules`
 * lists): what run/ruleSet's ruleSummaries gives with every rule enabled, in its order (secret
 * rules, specific before generic, then code rules; a test holds the two to the same output).
 */
function summariesOf(builtins: readonly LoadedRule[]): RuleSummary[] {
  const specs = builtins.map((r) => r.spec);
  const secrets = specs.filter(isSecretRule).sort((a, b) => Number(!!a.generic) - Number(!!b.generic));
  return [...secrets, ...specs.filter(isCodeRule)].map((s) => ruleSummary(s));
}

/**
 * The built-in rules' summaries: from the listing made at build time when it is fresh (it
 * spares parsing every rule), else worked out from the rules; the same either way.
 */
export function builtinRuleSummaries(): RuleSummary[] {
  return listedRuleSummaries() ?? summariesFromRules();
}

/** The built-in rules' summaries worked out from the rules themselves. */
export function summariesFromRules(): RuleSummary[] {
  return summariesOf(loadBuiltinRules());
}

/** Build step: `node out/tasks/engine/ruleset/ruleLoader.js --bundle OUT` writes the rule bundle. */
if (require.main === module) {
  const i = process.argv.indexOf('--bundle');
  const out = i > 0 ? process.argv[i + 1] : join(__dirname, '..', '..', 'rules', RULE_BUNDLE_FILE);
  try {
    const rules = loadRuleDir(SOURCE_RULES_DIR);
    writeRuleBundle(rules, SOURCE_RULES_DIR, out);
    writeRuleList(summariesOf(rules), SOURCE_RULES_DIR, out);
    const models = writeSourceModelBundle(join(SOURCE_RULES_DIR, SOURCE_MODELS_SUBDIR), join(dirname(out), SOURCE_MODEL_BUNDLE_FILE));
    process.stdout.write(`wrote ${rules.length} rules and ${models} source models to ${relative(process.cwd(), dirname(out))}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
