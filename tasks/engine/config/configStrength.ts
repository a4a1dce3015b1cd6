/**
 * How a pull request's `.palisade.yml` compares with the target branch's: what it weakens (for
 * a reviewer to see) and the configuration a PR build may use meanwhile. A PR is written by
 * someone the gate exists to check, so its configuration cannot loosen its own gate; only parts
 * that make the scan strictly stronger apply before the change is merged.
 */
import { FAIL_ON_LEVELS, SEVERITIES, type FailOn, type Severity } from '../../contract/findings';
import { DEFAULT_MAX_FILE_SIZE, type PalisadeConfig } from './palisadeConfig';
import type { LoadedRule } from '../rules/ruleSpec';

export interface Weakening {
  /** Where in the PR's file, as YAML key segments (for the finding's line). */
  key: (string | number)[];
  /** What it does, for humans: `adds the exclude "**"`. */
  what: string;
}

export interface ConfigComparison {
  weakenings: Weakening[];
  /** The target's configuration plus the PR's strictly stronger parts. */
  effective: PalisadeConfig;
}

/** The CLI's default gate when a config names none (mirrors main.ts). */
const DEFAULT_FAIL_ON: FailOn = 'high';

const sevRank = (s: Severity) => SEVERITIES.indexOf(s);
/** Higher is stricter: `low` fails on the most, `none` on nothing. */
const failRank = (f: FailOn) => (f === 'none' ? -1 : FAIL_ON_LEVELS.indexOf(f));
const q = (s: string) => JSON.stringify(s);

/** A custom rule's identity for "changed": its spec without the file it came from. */
const ruleText = (r: LoadedRule) => JSON.stringify(r.spec);

/**
 * Compares `head` (the PR's configuration) with `target` (the target branch's, or the built-in
 * defaults when it has none). `builtins` gives each rule's default severity and default state.
 */
export function compareConfigs(target: PalisadeConfig, head: PalisadeConfig, builtins: readonly LoadedRule[]): ConfigComparison {
  const weakenings: Weakening[] = [];
  const specs = new Map([...builtins, ...target.customRules, ...head.customRules].map((r) => [r.spec.id, r.spec]));
  const defaultSeverity = (id: string): Severity | undefined => specs.get(id)?.severity;

  // Excludes: any pattern the target does not have hides files from the gate.
  head.excludes.forEach((e, i) => {
    if (!target.excludes.includes(e)) weakenings.push({ key: ['excludes', i], what: `adds the exclude ${q(e)}` });
  });

  // Rules switched off, or off-by-default rules no longer switched on.
  head.disable.forEach((id, i) => {
    if (!target.disable.includes(id)) weakenings.push({ key: ['rules', 'disable', i], what: `disables the rule ${q(id)}` });
  });
  for (const id of target.enable) {
    if (!head.enable.includes(id)) weakenings.push({ key: ['rules', 'enable'], what: `no longer enables the rule ${q(id)}` });
  }

  // Severities lowered, whether by a new override or by dropping a raising one.
  const effectiveSeverity = (c: PalisadeConfig, id: string) => c.severity[id] ?? defaultSeverity(id);
  const severity: Record<string, Severity> = {};
  for (const id of new Set([...Object.keys(target.severity), ...Object.keys(head.severity)])) {
    const t = effectiveSeverity(target, id);
    const h = effectiveSeverity(head, id);
    if (t && h && sevRank(h) > sevRank(t)) weakenings.push({ key: ['rules', 'severity', id], what: `lowers the severity of ${q(id)} from ${t} to ${h}` });
    // Keep the more severe of the two.
    const keep = t && h ? (sevRank(h) < sevRank(t) ? h : t) : (t ?? h);
    if (keep && keep !== defaultSeverity(id)) severity[id] = keep;
  }

  // A smaller size cap skips more files.
  const tSize = target.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const hSize = head.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (hSize < tSize) weakenings.push({ key: ['maxFileSize'], what: `lowers maxFileSize from ${tSize} to ${hSize} bytes` });

  const tFail = target.failOn ?? DEFAULT_FAIL_ON;
  const hFail = head.failOn ?? DEFAULT_FAIL_ON;
  if (failRank(hFail) < failRank(tFail)) weakenings.push({ key: ['failOn'], what: `raises failOn from ${tFail} to ${hFail}` });

  // Custom rules: removing or rewriting one can only be judged by a reviewer.
  const headRules = new Map(head.customRules.map((r, i) => [r.spec.id, { r, i }]));
  target.customRules.forEach((r) => {
    const h = headRules.get(r.spec.id);
    if (!h) weakenings.push({ key: ['customRules'], what: `removes the custom rule ${q(r.spec.id)}` });
    else if (ruleText(h.r) !== ruleText(r)) weakenings.push({ key: ['customRules', h.i], what: `changes the custom rule ${q(r.spec.id)}` });
  });
  const targetIds = new Set(target.customRules.map((r) => r.spec.id));

  const effective: PalisadeConfig = {
    source: target.source ?? head.source,
    path: head.path ?? target.path,
    // Patterns the PR removed make the scan wider, so only those both sides have stay.
    excludes: target.excludes.filter((e) => head.excludes.includes(e)),
    maxFileSize: target.maxFileSize === undefined && head.maxFileSize === undefined ? undefined : Math.max(tSize, hSize),
    failOn: failRank(hFail) > failRank(tFail) ? head.failOn : target.failOn,
    disable: target.disable.filter((id) => head.disable.includes(id)),
    enable: [...new Set([...target.enable, ...head.enable])],
    severity,
    // The target's rules as the target wrote them, plus rules the PR adds.
    customRules: [...target.customRules, ...head.customRules.filter((r) => !targetIds.has(r.spec.id))],
  };
  return { weakenings, effective };
}
