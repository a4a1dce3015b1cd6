/**
 * "How to fix" for one finding, from what is known about that finding: the `**Fix:**` part of
 * its rule's help (every built-in code and secret rule has its own), and for a vulnerable
 * dependency the upgrade its own facts call for (package, versions, how it got in). Advice by
 * kind is the last resort, for rules that bring none of their own (another tool's rule, a
 * custom rule without a fix), so a weak hash never reads like an injection.
 */
import type { Finding } from '../../../tasks/contract/findings';
import { guidanceFor } from './ruleHelp';

export interface FixGuidance {
  text: string;
  /** The rule's help is Markdown (rendered by SafeMarkdown); text built here is plain. */
  markdown: boolean;
  /** The rule's own help, the finding's own facts, or the generic advice for its kind. */
  source: 'rule' | 'finding' | 'kind';
}

const FIX_LABEL = /\*\*Fix:\*\*[ \t]*/;

/** A rule's help in two: what the rule is about, and how to fix it (`**Fix:**` to the end). */
export function splitRuleHelp(markdown: string): { about: string; fix?: string } {
  const m = FIX_LABEL.exec(markdown);
  if (!m) return { about: markdown.trim() };
  const fix = markdown.slice(m.index + m[0].length).trim();
  return { about: markdown.slice(0, m.index).trim(), fix: fix ? fix[0].toUpperCase() + fix.slice(1) : undefined };
}

export function fixGuidance(finding: Pick<Finding, 'kind' | 'properties'>, help?: { helpMarkdown: string }): FixGuidance {
  if (finding.kind === 'dependency') {
    const own = dependencyFix(finding.properties ?? {});
    if (own) return { text: own, markdown: false, source: 'finding' };
  }
  // Another tool's help is shown as that tool's text in "About this rule", never re-read as ours.
  const fix = finding.kind !== 'external' && help ? splitRuleHelp(help.helpMarkdown).fix : undefined;
  if (fix) return { text: fix, markdown: true, source: 'rule' };
  return { text: guidanceFor(finding.kind), markdown: false, source: 'kind' };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** What to do about one vulnerable package version, from the facts the scan recorded on it. */
function dependencyFix(p: Record<string, unknown>): string | undefined {
  const pkg = str(p.package);
  if (!pkg) return undefined;
  const installed = str(p.installedVersion);
  const fix = str(p.fixVersion);
  const fixed = strings(p.fixedVersions);
  const advisories = Array.isArray(p.advisories) ? p.advisories.length : 1;
  const ids = strings(p.advisoryIds)?.filter((id) => !id.startsWith('CVE-')) ?? [];
  const named = ids.length ? ids.slice(0, 3).join(', ') : 'this advisory';
  const parts: string[] = [];
  if (fix) {
    const all = advisories > 1 ? `, which fixes all ${advisories} advisories` : '';
    const major = p.majorUpgrade === true ? ` This is a major upgrade${installed ? ` from ${installed}` : ''}: check its release notes for breaking changes.` : '';
    parts.push(`Upgrade ${pkg}${installed ? ` from ${installed}` : ''} to ${fix} or later${all}.${major}`);
    const via = str(p.introducedVia);
    const direct = str(p.directDependency);
    const chain = via?.split(' > ');
    const parent = chain && chain.length > 1 ? chain[chain.length - 2] : undefined;
    if (via && via !== 'path unknown' && parent) {
      if (p.fixWithinParentRange === true) parts.push(`It comes in through ${via}, and ${parent} already accepts ${fix}: updating ${pkg} in the lockfile is enough.`);
      else if (p.fixWithinParentRange === false) parts.push(`It comes in through ${via}, and ${parent} does not accept ${fix}: upgrade ${direct ?? 'the direct dependency'} to a release that brings in ${pkg} ${fix} or later.`);
      else parts.push(`It comes in through ${via}: upgrade ${direct ?? 'the direct dependency'}, or update ${pkg} in the lockfile if ${parent} accepts ${fix}.`);
    } else if (via === 'path unknown') {
      parts.push(`The lockfile does not say which dependency brings ${pkg} in: find it (e.g. \`npm ls ${pkg}\`, \`mvn dependency:tree\`) and upgrade that one, or pin ${pkg} ${fix}.`);
    } else {
      parts.push(`Change its version in the manifest and regenerate the lockfile.`);
    }
  } else if (fixed && fixed.length === 0) {
    parts.push(`No fixed version of ${pkg} is published for ${named}. Remove ${pkg} or replace it, or check whether your code reaches the vulnerable part and, if it does not, dismiss the finding with that reason.`);
  } else if (fixed && fixed.length) {
    parts.push(`No single version of ${pkg} fixes every advisory (fixes: ${fixed.join(', ')}). Upgrade to the newest of them and check ${named} again.`);
  } else {
    return undefined;
  }
  if (p.dev === true) parts.push(`Only development needs ${pkg}, so production is not exposed, but build and test machines are.`);
  return parts.join(' ');
}
