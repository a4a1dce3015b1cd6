import type { Finding, Region, RuleSummary, Severity } from '../../contract/findings';
import { severityRank } from '../../contract/findings';
import { fingerprint } from '../findings/fingerprint';
import { matchRecord } from './affected';
import type { AdvisoryFacts, AdvisoryGroup } from './advisoryGroups';
import { advisorySeverity, UNKNOWN_SEVERITY, type AdvisorySeverity } from './severity';
import type { Provenance } from './graph';
import type { FixPlan } from './remediation';
import type { PackageRef } from './types';
import { ecosystemOrdering } from './versions';

/** Used when an advisory has no CWE of its own: "Dependency on Vulnerable Third-Party Component" and OWASP's "Using Components with Known Vulnerabilities". */
export const DEFAULT_CWES = ['CWE-1395', 'CWE-937'];

const RULE_ID_MAX = 64;

/** `GHSA-29mw-wpgm-hmr9` -> `osv.ghsa-29mw-wpgm-hmr9`; always matches /^[a-z0-9][a-z0-9.-]{1,63}$/. */
export function ruleIdFor(advisoryId: string): string {
  const slug = advisoryId.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
  return `osv.${slug}`.slice(0, RULE_ID_MAX);
}

/** Where people read the advisory: GitHub's page for GHSA ids, osv.dev for every other id. */
export function advisoryUrl(id: string): string {
  return id.startsWith('GHSA-') ? `https://github.com/advisories/${id}` : `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

export function advisoryFacts(group: AdvisoryGroup, pkg: PackageRef): AdvisoryFacts {
  const primary = group.records[0];
  let severity: AdvisorySeverity = { severity: UNKNOWN_SEVERITY, source: 'unknown' };
  const fixed = new Set<string>();
  const fallbackFixed = new Set<string>();
  for (const r of group.records) {
    const match = matchRecord(r, pkg);
    const s = advisorySeverity(r, match.entries);
    if (severity.source === 'unknown' || (s.source !== 'unknown' && severityRank(s.severity) < severityRank(severity.severity))) severity = s;
    for (const f of match.fixed) fixed.add(f);
    if (match.affected !== true) for (const f of match.allFixed) fallbackFixed.add(f);
  }
  const ordering = ecosystemOrdering(pkg.ecosystem);
  const comparable = (v: string) => ordering.valid(v) && ordering.valid(pkg.version);
  // When the version could not be placed in a range, offer the fixes above it (all of them if unsure).
  const chosen = fixed.size
    ? [...fixed]
    : [...fallbackFixed].filter((f) => !comparable(f) || ordering.compare(f, pkg.version) > 0);
  const fixedVersions = sortVersions(chosen, pkg);
  const ids = new Set(group.records.map((r) => r.id));
  return {
    ruleId: ruleIdFor(group.primaryId),
    primaryId: group.primaryId,
    allIds: group.allIds,
    aliases: group.allIds.filter((id) => !ids.has(id) && id !== group.primaryId),
    summary: summaryOf(group),
    details: primary?.details,
    url: advisoryUrl(group.primaryId),
    severity,
    fixedVersions,
    cwes: cwesOf(group),
    detailsKnown: group.records.length > 0,
  };
}

function sortVersions(versions: string[], pkg: PackageRef): string[] {
  const ordering = ecosystemOrdering(pkg.ecosystem);
  return [...new Set(versions)].sort((a, b) => {
    const va = ordering.valid(a);
    const vb = ordering.valid(b);
    if (va && vb) return ordering.compare(a, b);
    return va ? -1 : vb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

function summaryOf(group: AdvisoryGroup): string {
  for (const r of group.records) if (r.summary?.trim()) return oneLine(r.summary, 200);
  for (const r of group.records) if (r.details?.trim()) return oneLine(r.details.split(/\n\s*\n/)[0], 200);
  return group.records.length ? `Advisory ${group.primaryId}` : `Advisory ${group.primaryId} (details could not be fetched)`;
}

/** CWE ids from `database_specific.cwe_ids` (GitHub's export) or `cwes[].cweId`, record- or package-level. */
function cwesOf(group: AdvisoryGroup): string[] {
  const out = new Set<string>();
  const take = (ds: Record<string, unknown> | undefined) => {
    if (!ds) return;
    const ids = ds.cwe_ids;
    if (Array.isArray(ids)) for (const c of ids) if (typeof c === 'string' && /^CWE-\d+$/.test(c)) out.add(c);
    const cwes = ds.cwes;
    if (Array.isArray(cwes)) {
      for (const c of cwes) {
        const id = typeof c === 'object' && c !== null ? (c as { cweId?: unknown }).cweId : undefined;
        if (typeof id === 'string' && /^CWE-\d+$/.test(id)) out.add(id);
      }
    }
  };
  for (const r of group.records) {
    take(r.database_specific);
    for (const a of r.affected ?? []) take(a.database_specific);
  }
  return out.size ? [...out].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))) : [...DEFAULT_CWES];
}

export function packageLabel(pkg: PackageRef): string {
  return `${pkg.name}@${pkg.version}`;
}

/**
 * One finding per package version in a manifest, for all its advisories together: named
 * after the most severe advisory (its rule), at the highest severity, with the one upgrade
 * that fixes them all and, for a transitive package, the chain that brings it in.
 */
export function buildFinding(path: string, pkg: PackageRef, region: Region, all: readonly AdvisoryFacts[], plan: FixPlan, prov?: Provenance): Finding {
  const ranked = [...all].sort((a, b) => severityRank(a.severity.severity) - severityRank(b.severity.severity));
  const head = ranked[0];
  const cve = (f: AdvisoryFacts) => f.allIds.find((id) => id.startsWith('CVE-') && id !== f.primaryId);
  const what =
    all.length === 1
      ? `is affected by ${head.primaryId}${cve(head) ? ` (${cve(head)})` : ''}: ${head.summary.replace(/\.$/, '')}.`
      : `is affected by ${all.length} advisories: ${all.map((f) => `${f.primaryId} (${f.severity.severity}): ${f.summary.replace(/\.$/, '')}`).join('; ')}.`;
  const fixedVersions = sortVersions(all.flatMap((f) => f.fixedVersions), pkg);
  const message = [`${packageLabel(pkg)} (${pkg.ecosystem}) ${what}`, fixText(pkg, all, plan, fixedVersions), viaText(pkg, plan, prov)].filter(Boolean).join(' ');
  const properties: Record<string, unknown> = {
    package: pkg.name,
    ecosystem: pkg.ecosystem,
    installedVersion: pkg.version,
    fixedVersions,
    advisoryIds: [...new Set(all.flatMap((f) => f.allIds))],
    aliases: [...new Set(all.flatMap((f) => f.aliases))],
    summary: head.summary,
    url: head.url,
    severitySource: head.severity.source,
  };
  if (head.severity.cvssVector) properties.cvssVector = head.severity.cvssVector;
  if (head.severity.score !== undefined) properties.score = head.severity.score;
  if (pkg.dev) properties.dev = true;
  if (all.some((f) => !f.detailsKnown)) properties.detailsUnavailable = true;
  if (all.length > 1) {
    properties.advisories = all.map((f) => ({ id: f.primaryId, severity: f.severity.severity, summary: f.summary, fixedVersions: f.fixedVersions, url: f.url }));
  }
  if (plan.version) {
    properties.fixVersion = plan.version;
    if (plan.major !== undefined) properties.majorUpgrade = plan.major;
  }
  const direct = prov?.direct ?? pkg.direct;
  if (direct !== undefined) properties.direct = direct;
  if (prov?.path && !prov.direct) {
    properties.introducedVia = prov.path.join(' > ');
    if (prov.directDependency) {
      properties.directDependency = prov.directDependency.version ? `${prov.directDependency.name}@${prov.directDependency.version}` : prov.directDependency.name;
      properties.directDependencyDev = prov.directDependency.dev;
    }
    if (plan.withinParentRange !== undefined) properties.fixWithinParentRange = plan.withinParentRange;
  } else if (!direct) {
    properties.introducedVia = 'path unknown';
  }
  return {
    ruleId: head.ruleId,
    kind: 'dependency',
    severity: head.severity.severity,
    message,
    path,
    region,
    preview: packageLabel(pkg),
    fingerprint: fingerprint(head.ruleId, path, `${pkg.ecosystem}:${pkg.name}@${pkg.version}`),
    properties,
  };
}

function fixText(pkg: PackageRef, all: readonly AdvisoryFacts[], plan: FixPlan, fixedVersions: string[]): string {
  if (plan.unfixed.length) {
    const fixedElsewhere = fixedVersions.length ? ` (the others are fixed in ${fixedVersions.join(', ')})` : '';
    return all.length === 1 ? 'No fixed version is published.' : `No fixed version is published for ${plan.unfixed.join(', ')}${fixedElsewhere}.`;
  }
  if (!plan.version) return `No single published version fixes all of them (fixed in ${fixedVersions.join(', ')}).`;
  const scope = all.length > 1 ? `, which fixes all ${all.length}` : '';
  const major = plan.major ? ` (a major upgrade from ${pkg.version})` : '';
  return `Fixed in ${plan.version}${scope}${major}.`;
}

function viaText(pkg: PackageRef, plan: FixPlan, prov: Provenance | undefined): string {
  if (prov?.direct || (!prov && pkg.direct)) return pkg.dev ? 'A direct development dependency.' : '';
  if (!prov) return 'Introduced via: path unknown (this file records no dependency edges).';
  if (!prov.path) return 'Introduced via: path unknown (no direct dependency in the lockfile leads to it).';
  const dd = prov.directDependency;
  const ddText = dd ? `${dd.name}${dd.version ? ` (now ${dd.version})` : ''}` : 'the direct dependency';
  const parts = [`Introduced via ${prov.path.join(' > ')}${dd?.dev ? ' (development dependency)' : ''}.`];
  if (!plan.version) return parts.join(' ');
  const parent = prov.path.length > 1 ? prov.path[prov.path.length - 2] : undefined;
  if (plan.withinParentRange === true) parts.push(`${parent} already accepts ${plan.version} ("${prov.parentRange}"): updating ${pkg.name} in the lockfile is enough.`);
  else if (plan.withinParentRange === false) parts.push(`${parent} asks for "${prov.parentRange}": upgrade ${ddText} to a release that brings in ${pkg.name} ${plan.version} or later.`);
  else parts.push(`The lockfile does not tell which release of ${dd?.name ?? 'the direct dependency'} brings in a fixed ${pkg.name}: upgrade ${ddText}, or update ${pkg.name} in the lockfile if its parent allows ${plan.version}.`);
  return parts.join(' ');
}

/** Collects, per rule, the facts and the packages it was found in, then writes the rule's help. */
export class RuleCollector {
  private readonly rules = new Map<string, { facts: AdvisoryFacts; severity: Severity; packages: Map<string, string> }>();

  add(facts: AdvisoryFacts, pkg: PackageRef): void {
    const entry = this.rules.get(facts.ruleId) ?? { facts, severity: facts.severity.severity, packages: new Map<string, string>() };
    if (severityRank(facts.severity.severity) < severityRank(entry.severity)) entry.severity = facts.severity.severity;
    const fix = facts.fixedVersions.length ? `fixed in ${facts.fixedVersions.join(', ')}` : 'no fixed version published';
    entry.packages.set(`${pkg.ecosystem}:${packageLabel(pkg)}`, `\`${packageLabel(pkg)}\` (${pkg.ecosystem}): ${fix}`);
    this.rules.set(facts.ruleId, entry);
  }

  summaries(): RuleSummary[] {
    return [...this.rules.values()]
      .map(({ facts, severity, packages }) => {
        const lines = [...packages.values()].sort();
        const ids = facts.allIds.join(', ');
        const description = facts.details ? oneLine(facts.details.split(/\n\s*\n/)[0], 1000) : facts.summary;
        const helpText = [
          `${facts.primaryId}: ${facts.summary}`,
          `Identifiers: ${ids}`,
          ...lines.map((l) => `- ${l.replace(/`/g, '')}`),
          'Upgrade each package to a fixed version (or remove it); if none is published, assess the advisory and suppress with a justification.',
          `Advisory: ${facts.url}`,
        ].join('\n');
        const helpMarkdown = [
          `**[${facts.primaryId}](${facts.url})**: ${facts.summary}`,
          '',
          `Identifiers: ${facts.allIds.map((id) => `\`${id}\``).join(', ')}`,
          '',
          'Found in:',
          ...lines.map((l) => `- ${l}`),
          '',
          'Upgrade each package to a fixed version (or remove it). If no fix is published, assess whether the vulnerable code is reachable and suppress the finding with a justification.',
        ].join('\n');
        const rule: RuleSummary = {
          id: facts.ruleId,
          kind: 'dependency',
          title: oneLine(`${facts.primaryId}: ${facts.summary}`, 120),
          description,
          severity,
          cwe: facts.cwes,
          helpText,
          helpMarkdown,
          tags: ['vulnerability'],
        };
        return rule;
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
