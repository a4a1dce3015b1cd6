/**
 * Rule help for the detail panel: the catalog built from the engine's rule files
 * (rule-catalog.json, see hub/build/ruleCatalog.js), rules carried by a SARIF artifact, and
 * generic guidance by kind for rules neither knows (dependency advisories, other tools).
 */
import type { FindingKind } from '../../../tasks/contract/findings';
import type { Finding as StoredFinding } from '../../../tasks/contract/findings';

export interface RuleHelp {
  id: string;
  title: string;
  description: string;
  /** Markdown; rendered by SafeMarkdown, which never produces raw HTML. */
  helpMarkdown: string;
  cwe: string[];
  helpUri?: string;
}

export interface RuleCatalog {
  rules: Record<string, RuleHelp>;
}

const GUIDANCE: Record<FindingKind, string> = {
  secret:
    'Treat the value as leaked: revoke or rotate it with its issuer first, then remove it from the code and read it at run time from a secret variable or a key vault. Rewriting history does not make a leaked secret safe again; revoking it does.',
  code:
    'Change the code so that untrusted input cannot reach the flagged call: validate it, pass it as a parameter instead of building strings, or use the safe API the rule names.',
  dependency:
    'Upgrade the package to a version with the fix (or remove it). If no fix is published, check whether the vulnerable code is reachable and dismiss the finding with a reason if it is not.',
  external: 'This finding comes from another tool\'s SARIF. Follow that tool\'s documentation for the rule.',
};

export function guidanceFor(kind: FindingKind): string {
  return GUIDANCE[kind];
}

export function helpFor(finding: Pick<StoredFinding, 'ruleId'>, ...sources: Array<ReadonlyMap<string, RuleHelp> | RuleCatalog | undefined>): RuleHelp | undefined {
  for (const s of sources) {
    if (!s) continue;
    const hit = s instanceof Map ? s.get(finding.ruleId) : (s as RuleCatalog).rules?.[finding.ruleId];
    if (hit) return hit;
  }
  return undefined;
}

/** Facts a dependency finding carries (package, versions, advisory), as label/value pairs. */
export function dependencyFacts(finding: Pick<StoredFinding, 'kind' | 'properties'>): Array<{ label: string; value: string; href?: string }> {
  if (finding.kind !== 'dependency' || !finding.properties) return [];
  const p = finding.properties;
  const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const list = (v: unknown): string | undefined => (Array.isArray(v) && v.length ? v.filter((x) => typeof x === 'string').join(', ') : undefined);
  const url = s(p.url);
  const facts: Array<{ label: string; value: string | undefined; href?: string }> = [
    { label: 'Package', value: s(p.package) && `${s(p.package)} (${s(p.ecosystem) ?? 'unknown ecosystem'})` },
    { label: 'Installed version', value: s(p.installedVersion) },
    { label: 'Fixed in', value: list(p.fixedVersions) ?? (Array.isArray(p.fixedVersions) ? 'no fixed version published' : undefined) },
    { label: 'Upgrade to', value: s(p.fixVersion) && `${s(p.fixVersion)}${p.majorUpgrade === true ? ' (major upgrade)' : ''}${Array.isArray(p.advisories) ? `, fixes all ${p.advisories.length} advisories` : ''}` },
    { label: 'Introduced via', value: s(p.introducedVia) ?? (p.direct === true ? 'direct dependency' : undefined) },
    { label: 'Direct dependency', value: s(p.directDependency) && `${s(p.directDependency)}${p.directDependencyDev === true ? ' (development dependency)' : ''}` },
    { label: 'Development only', value: p.dev === true ? 'yes: only development needs this package' : undefined },
    { label: 'Advisories', value: list(p.advisoryIds) },
    { label: 'Advisory', value: url, href: url && /^https:\/\//i.test(url) ? url : undefined },
  ];
  return facts.filter((f): f is { label: string; value: string; href?: string } => !!f.value);
}
