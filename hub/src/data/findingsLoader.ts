/**
 * Loads the findings the Findings tab shows: for one repository or all, the latest scan of the
 * chosen branch or pull request (default: the repository's default ref), joined with triage.
 * A repository with nothing in storage falls back to its latest build's SARIF, read-only.
 */
import type { DocumentStore } from '../../../tasks/contract/documentStore';
import type { RepoSummaryDoc } from '../../../tasks/contract/storage';
import type { SarifArtifact } from '../services/hubServices';
import { mapLimit } from './concurrency';
import { primaryRef } from './coverage';
import { buildRows, type FindingRow, type FindingSource } from './findingRows';
import { shortBranch, type RepoRef } from './model';
import type { RuleHelp } from './ruleHelp';
import { parseSarif } from './sarifFindings';
import { readFindings, readSummary, readTriage } from './storageReads';

export interface RefWanted {
  branch?: string;
  pr?: number;
}

export interface RepoFindings {
  repo: RepoRef;
  rows: FindingRow[];
  /** What was shown for this repository, or why nothing was. */
  source?: FindingSource;
  /** Branch and PR refs the summary knows, for the filters. */
  branches: string[];
  prs: number[];
  note?: { kind: 'sarif' | 'noScan' | 'noRef' | 'error'; text: string };
  sarifRules?: Map<string, RuleHelp>;
}

export interface FindingsData {
  repos: RepoFindings[];
  rows: FindingRow[];
  branches: string[];
  prs: number[];
  sarifRules: Map<string, RuleHelp>;
}

function refsOf(summary: RepoSummaryDoc | null): { branches: string[]; prs: number[] } {
  const branches: string[] = [];
  const prs: number[] = [];
  for (const key of Object.keys(summary?.refs ?? {})) {
    const m = /^pr\/(\d+)$/.exec(key);
    if (m) prs.push(Number(m[1]));
    else branches.push(key);
  }
  return { branches: branches.sort(), prs: prs.sort((a, b) => b - a) };
}

export async function loadRepoFindings(
  store: DocumentStore,
  repo: RepoRef,
  wanted: RefWanted,
  sarif: (repo: RepoRef) => Promise<SarifArtifact | null>,
  describe: (e: unknown) => string,
): Promise<RepoFindings> {
  let summary: RepoSummaryDoc | null;
  try {
    summary = await readSummary(store, repo.id);
  } catch (e) {
    return { repo, rows: [], branches: [], prs: [], note: { kind: 'error', text: `${repo.name}: ${describe(e)}` } };
  }
  const { branches, prs } = refsOf(summary);
  if (!summary || !Object.keys(summary.refs ?? {}).length) {
    if (wanted.pr || wanted.branch) return { repo, rows: [], branches, prs, note: { kind: 'noScan', text: `${repo.name} has no scans in the Security hub.` } };
    return loadSarifFindings(repo, sarif, describe);
  }
  const entry = wanted.pr ? summary.refs[`pr/${wanted.pr}`] : wanted.branch ? summary.refs[wanted.branch] : primaryRef(summary, repo);
  if (!entry) {
    const what = wanted.pr ? `pull request ${wanted.pr}` : `branch ${wanted.branch}`;
    return { repo, rows: [], branches, prs, note: { kind: 'noRef', text: `${repo.name} has no scan of ${what}.` } };
  }
  const [findings, triage] = await Promise.all([readFindings(store, repo.id, entry.scanId, entry.findingsPages), readTriage(store, repo.id)]);
  const source: FindingSource = { repo, ref: entry.ref, scanId: entry.scanId, commit: entry.commit };
  return { repo, rows: buildRows(source, findings, triage), source, branches, prs };
}

async function loadSarifFindings(repo: RepoRef, sarif: (repo: RepoRef) => Promise<SarifArtifact | null>, describe: (e: unknown) => string): Promise<RepoFindings> {
  let artifact: SarifArtifact | null;
  try {
    artifact = await sarif(repo);
  } catch (e) {
    return { repo, rows: [], branches: [], prs: [], note: { kind: 'error', text: `${repo.name}: no scans in the Security hub, and the build artifacts could not be read (${describe(e)}).` } };
  }
  if (!artifact) return { repo, rows: [], branches: [], prs: [], note: { kind: 'noScan', text: `${repo.name} has not been scanned yet.` } };
  const parsed = parseSarif(artifact.text, artifact.finishedAt ?? new Date(0).toISOString());
  const ref = shortBranch(artifact.branch) ?? 'build';
  const source: FindingSource = { repo, ref, commit: artifact.commit, readOnly: true, scanId: undefined };
  const build = artifact.buildNumber ?? String(artifact.buildId);
  return {
    repo,
    rows: buildRows(source, parsed.findings, new Map()),
    source,
    branches: [],
    prs: [],
    sarifRules: parsed.rules,
    note: {
      kind: 'sarif',
      text: `${repo.name}: nothing was published to the Security hub, so these findings come from the ${artifact.artifactName} artifact of build ${build}${parsed.truncated ? ' (first results only)' : ''}. They are read-only: let the pipeline write extension data to triage them here.`,
    },
  };
}

export async function loadFindings(
  store: DocumentStore,
  repos: readonly RepoRef[],
  wanted: RefWanted,
  sarif: (repo: RepoRef) => Promise<SarifArtifact | null>,
  describe: (e: unknown) => string,
): Promise<FindingsData> {
  const perRepo = await mapLimit(repos, 6, (repo) => loadRepoFindings(store, repo, wanted, sarif, describe));
  const rows: FindingRow[] = [];
  const branches = new Set<string>();
  const prs = new Set<number>();
  const sarifRules = new Map<string, RuleHelp>();
  for (const r of perRepo) {
    for (const row of r.rows) rows.push(row);
    r.branches.forEach((b) => branches.add(b));
    r.prs.forEach((p) => prs.add(p));
    r.sarifRules?.forEach((v, k) => sarifRules.set(k, v));
  }
  return { repos: perRepo, rows, branches: [...branches].sort(), prs: [...prs].sort((a, b) => b - a), sarifRules };
}
