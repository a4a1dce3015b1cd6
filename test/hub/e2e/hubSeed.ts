/**
 * Demo data for the Security hub's browser tests, as the pipeline task leaves it: completed
 * builds tagged `palisade` whose `CodeAnalysisLogs` artifact holds `palisade-scan.json` (history
 * derived from the earlier build's record with the contract's own `deriveHistory`), and a gate
 * setting in the project's properties. A second project (Legacy Apps) has its own scan, for the
 * tests that check one project never sees the other.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingKind, Severity } from '../../../tasks/contract/findings';
import { serializeSettingsProperty, settingsRepoKey } from '../../../tasks/contract/projectSettings';
import { deriveHistory, PALISADE_BUILD_TAG, SCAN_RECORD_FILE, serializeScanRecord, type RecordedFinding, type ScanRecord, type ScanRecordFile } from '../../../tasks/contract/scanRecord';
import type { Dismissal } from '../../../tasks/contract/triage';
import { addContainerFile, type BuildRecord } from '../../emulator/state';
import type { Emulator } from '../../emulator';

/** Message and path of the finding whose text must never become markup. */
export const XSS_TEXT = '<img src=x onerror=alert(1)>';

export interface SeededHub {
  projectId: string;
  legacyProjectId: string;
  repos: { webShop: string; payments: string; docs: string; archived: string; oldPortal: string };
  /** A high-severity secret on web-shop main (the one tests open and dismiss). */
  secretFingerprint: string;
  xssFingerprint: string;
  /** A finding of web-shop's PR 1 scan. */
  prFingerprint: string;
  /** A PR 1 finding a reviewer dismissed on the PR thread. */
  prDismissedFingerprint: string;
  /** Scan id of web-shop's latest main scan. */
  latestWebShopScan: string;
  /** Build ids by name. */
  builds: { webShopOld: number; webShopMain: number; webShopPr: number; payments: number; oldPortal: number };
  largeFindingCount: number;
}

function fp(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

function finding(ruleId: string, kind: FindingKind, severity: Severity, path: string, line: number, message: string, preview: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId, kind, severity, message, path, preview,
    region: { startLine: line, startColumn: 5, endLine: line, endColumn: 45 },
    fingerprint: fp(ruleId, path, preview),
    ...extra,
  };
}


const WEB_SHOP_MAIN: Finding[] = [
  finding('aws-access-key-id', 'secret', 'critical', 'src/config/aws.ts', 4, 'AWS access key ID committed in source.', 'AKIA************MPLE'),
  finding('github-pat-classic', 'secret', 'high', 'scripts/deploy.sh', 12, 'GitHub personal access token committed in source.', 'ghp_************************3f9a'),
  finding('generic-password-assignment', 'secret', 'medium', 'test/fixtures/users.json', 7, 'Password assigned in code.', 'pass*****'),
  finding('js-sql-injection', 'code', 'high', 'src/db.ts', 21, 'SQL text is built by concatenation or interpolation; pass values as query parameters instead.', "db.query('SELECT * FROM products WHERE name = ' + …)"),
  finding('js-code-injection', 'code', 'medium', 'src/coupons.ts', 9, 'eval() runs a string as code.', 'eval(formula)'),
  finding('osv-GHSA-jf85-cpcp-j695', 'dependency', 'critical', 'package.json', 12, 'lodash@4.17.15 (npm) is affected by GHSA-jf85-cpcp-j695 (CVE-2019-10744): Prototype pollution in lodash. Fixed in 4.17.12.', 'lodash@4.17.15', {
    properties: { package: 'lodash', ecosystem: 'npm', installedVersion: '4.17.15', fixedVersions: ['4.17.21'], advisoryIds: ['GHSA-jf85-cpcp-j695', 'CVE-2019-10744'], url: 'https://osv.dev/vulnerability/GHSA-jf85-cpcp-j695' },
  }),
  finding('osv-GHSA-rv95-896h-c2vc', 'dependency', 'low', 'package.json', 10, 'express@4.17.1 (npm) is affected by GHSA-rv95-896h-c2vc: Open redirect in malformed URLs. Fixed in 4.19.2.', 'express@4.17.1'),
  finding('external-semgrep-xss', 'external', 'medium', `src/views/${XSS_TEXT}.html`, 3, XSS_TEXT, ''),
  finding('slack-webhook-url', 'secret', 'high', 'docs/alerts.md', 18, 'Slack webhook URL committed in source.', 'https://hooks.slack.com/services/T0***/B0***/****', {
    suppression: { kind: 'inSource', justification: 'revoked webhook kept as documentation' },
  }),
];

/** The older main scan also had a finding the newer one no longer has (so it shows as fixed). */
const WEB_SHOP_MAIN_OLD: Finding[] = [
  ...WEB_SHOP_MAIN.slice(0, 5),
  finding('private-key', 'secret', 'critical', 'deploy/id_rsa', 1, 'Private key committed in source.', '-----BEGIN RSA PRIVATE KEY----- ****'),
];

const WEB_SHOP_PR: Finding[] = [
  ...WEB_SHOP_MAIN.slice(0, 2),
  finding('stripe-secret-key', 'secret', 'critical', 'src/checkout.ts', 33, 'Stripe secret key committed in source.', 'sk_live_************************4dQ2'),
  finding('js-command-injection', 'code', 'high', 'src/search.ts', 14, 'A shell command is built from request data.', "exec('grep ' + req.query.q)"),
];

const RULES = ['aws-access-key-id', 'github-pat-classic', 'js-sql-injection', 'js-code-injection', 'generic-password-assignment', 'private-key', 'slack-webhook-url', 'stripe-secret-key'];
const SEVERITY_CYCLE: Severity[] = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'note', 'low'];

function largeFindings(n: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < n; i++) {
    const rule = RULES[i % RULES.length];
    const kind: FindingKind = rule.startsWith('js-') ? 'code' : 'secret';
    const dir = ['src/api', 'src/jobs', 'lib/legacy', 'test/e2e', 'tools'][i % 5];
    out.push(finding(rule, kind, SEVERITY_CYCLE[i % SEVERITY_CYCLE.length], `${dir}/module-${Math.floor(i / 7)}.ts`, (i % 300) + 1, `Finding number ${i} of rule ${rule}.`, `****${String(i).padStart(5, '0')}`));
  }
  return out;
}

function log(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const LOG_LINES = [
  '##[section]Starting: Palisade security scan',
  'Palisade 0.1.0 - scanners: secrets, code, dependencies',
  'Settings: from the Security hub.',
  'Walking the repository: 42 files, 3 skipped (binary).',
  'Secrets: 3 findings (1 critical, 1 high, 1 medium).',
  'Code: 2 findings (1 high, 1 medium).',
  'Dependencies: 2 vulnerable packages.',
  'Published SARIF to the CodeAnalysisLogs artifact.',
  'Result: failed - 2 critical, 3 high findings at or above failOn=high.',
  '##[section]Finishing: Palisade security scan',
];

export interface ScanSpec {
  repo: string;
  project?: string;
  sourceBranch: string;
  finishedAt: string;
  findings: Finding[];
  /** Record of the previous scan of the same ref (history is derived from it). */
  previous?: ScanRecordFile;
  newFingerprints?: Set<string>;
  pullRequestId?: number;
  honoured?: Dismissal[];
  ignored?: ScanRecordFile['dismissals']['ignored'];
  log?: string[];
}

/** A completed build with the task's artifact and tag, as a real run leaves them. */
export function publishScan(emulator: Emulator, spec: ScanSpec): { build: BuildRecord; record: ScanRecordFile } {
  const store = emulator.store;
  const project = store.project(spec.project ?? 'Palisade Demo');
  const repo = store.repository(spec.repo, project);
  const build = store.createBuild({
    project: project.name, repository: repo.name, sourceBranch: spec.sourceBranch, status: 'completed', result: 'succeeded', requestedFor: 'admin',
    ...(repo.refs[spec.sourceBranch] ? {} : { sourceVersion: repo.refs['refs/heads/main'] ?? Object.values(repo.refs)[0] }),
  });
  build.finishTime = spec.finishedAt;
  build.startTime = spec.finishedAt;
  build.queueTime = spec.finishedAt;
  const at = spec.finishedAt;
  const derived = deriveHistory(spec.findings, spec.previous ? { available: true, records: [spec.previous] } : { available: true, records: [] }, { at, buildId: build.id }, spec.newFingerprints);
  const findings: RecordedFinding[] = derived.findings;
  const counts = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
  const dismissed = new Set((spec.honoured ?? []).map((d) => d.fingerprint));
  for (const f of findings) if (f.state === 'open' && !f.suppression && !dismissed.has(f.fingerprint)) counts[f.severity]++;
  const branch = spec.pullRequestId ? `pr/${spec.pullRequestId}` : spec.sourceBranch.replace(/^refs\/heads\//, '');
  const scan: ScanRecord = {
    scanId: `${build.id}-1-job`, buildId: build.id, buildNumber: build.buildNumber, jobAttempt: 1, jobName: 'Scan', artifactName: 'CodeAnalysisLogs',
    repoId: repo.id, repoName: repo.name, projectId: project.id, trigger: spec.pullRequestId ? 'pullRequest' : 'branch', ref: spec.sourceBranch, branch,
    isDefaultBranch: spec.sourceBranch === 'refs/heads/main', ...(spec.pullRequestId ? { pullRequestId: spec.pullRequestId, pullRequest: { iterationId: 2, targetBranch: 'refs/heads/main' } } : {}),
    commit: build.sourceVersion, requestedBy: 'Avery Admin', outcome: counts.critical || counts.high ? 'failed' : 'succeeded', counts,
    newFindings: derived.newCount, fixedFindings: derived.fixedCount, startedAt: at, finishedAt: at, durationMs: 8_400, filesScanned: 42, filesSkipped: 3,
    scanners: ['secrets', 'code', 'dependencies'], failOn: 'high', toolVersion: '0.1.0', history: derived.history, ...(spec.previous ? { historyFrom: [spec.previous.scan.buildId as number] } : {}),
  };
  const record: ScanRecordFile = {
    schemaVersion: 1, scan, findings: findings.map((f) => (dismissed.has(f.fingerprint) ? { ...f, suppression: { kind: 'triage' } } : f)),
    dismissals: { honoured: spec.honoured ?? [], ignored: spec.ignored ?? [] }, summary: '', log: log(spec.log ?? LOG_LINES),
  };
  const container = store.container(build.containerId);
  addContainerFile(container.items, `CodeAnalysisLogs/${SCAN_RECORD_FILE}`, Buffer.from(serializeScanRecord(record), 'utf8'), at, store.identity('build').id);
  build.artifacts.push({ id: store.data.counters.artifactId++, name: 'CodeAnalysisLogs', resource: { type: 'Container', data: `#/${container.id}/CodeAnalysisLogs` } });
  build.tags.push(PALISADE_BUILD_TAG);
  store.changed();
  return { build, record };
}

export async function seedHub(emulator: Emulator, options: { largeFindings?: number } = {}): Promise<SeededHub> {
  const store = emulator.store;
  const project = store.project('Palisade Demo');
  const legacy = store.project('Legacy Apps');
  const repo = (name: string) => store.repository(name, project);
  const webShop = repo('web-shop');
  const payments = repo('payments-api');
  const docs = repo('docs-site');
  const archived = repo('archived-tools');
  const oldPortal = store.repository('old-portal', legacy);
  const admin = emulator.identities.find((i) => i.key === 'admin');

  const old = publishScan(emulator, { repo: 'web-shop', sourceBranch: 'refs/heads/main', finishedAt: '2025-01-07T10:34:05.000Z', findings: WEB_SHOP_MAIN_OLD });
  const main = publishScan(emulator, { repo: 'web-shop', sourceBranch: 'refs/heads/main', finishedAt: '2025-01-10T09:15:00.000Z', findings: WEB_SHOP_MAIN, previous: old.record });
  const prDismissed = WEB_SHOP_PR[3];
  const pr = publishScan(emulator, {
    repo: 'web-shop', sourceBranch: 'refs/pull/1/merge', pullRequestId: 1, finishedAt: '2025-01-10T11:30:09.000Z', findings: WEB_SHOP_PR,
    newFingerprints: new Set(WEB_SHOP_PR.slice(2).map((f) => f.fingerprint)), previous: main.record,
    honoured: [{ fingerprint: prDismissed.fingerprint, reason: 'usedInTests', comment: 'search runs in the test harness only', by: { id: emulator.identities.find((i) => i.key === 'contributor')?.id ?? 'c', displayName: 'Casey Contributor' }, at: '2025-01-10T11:20:00.000Z', channel: 'pullRequestReply', threadId: 3 }],
    log: ['##[section]Starting: Palisade security scan (pull request 1)', 'Diff-aware: 4 changed files.', '2 new findings: 1 critical, 1 high.', 'Honoured: js-command-injection dismissed by Casey Contributor on the PR thread.'],
  });

  const large = options.largeFindings ?? 10_000;
  let paymentsBuild = 0;
  if (large > 0) paymentsBuild = publishScan(emulator, { repo: 'payments-api', sourceBranch: 'refs/heads/main', finishedAt: '2025-01-09T08:00:00.000Z', findings: largeFindings(large) }).build.id;

  const portal = publishScan(emulator, { repo: 'old-portal', project: 'Legacy Apps', sourceBranch: 'refs/heads/master', finishedAt: '2025-01-08T08:00:00.000Z', findings: LEGACY_FINDINGS });

  // archived-tools: switched off by an administrator, in the project's properties.
  project.properties = {
    ...(project.properties ?? {}),
    [settingsRepoKey(archived.id)]: serializeSettingsProperty({ enabled: false }, { id: admin?.id ?? 'admin', displayName: 'Avery Admin' }, '2025-01-05T09:00:00.000Z'),
  };
  store.changed();

  return {
    projectId: project.id,
    legacyProjectId: legacy.id,
    repos: { webShop: webShop.id, payments: payments.id, docs: docs.id, archived: archived.id, oldPortal: oldPortal.id },
    secretFingerprint: WEB_SHOP_MAIN[1].fingerprint,
    xssFingerprint: WEB_SHOP_MAIN[7].fingerprint,
    prFingerprint: WEB_SHOP_PR[2].fingerprint,
    prDismissedFingerprint: prDismissed.fingerprint,
    latestWebShopScan: main.record.scan.scanId,
    builds: { webShopOld: old.build.id, webShopMain: main.build.id, webShopPr: pr.build.id, payments: paymentsBuild, oldPortal: portal.build.id },
    largeFindingCount: large,
  };
}

/** old-portal's findings (Legacy Apps): what a member of Palisade Demo only must never see. */
const LEGACY_FINDINGS: Finding[] = [
  finding('azure-storage-account-key', 'secret', 'high', 'web.config', 14, 'Azure Storage account key committed in source (legacy portal).', 'AccountKey=****'),
];

/**
 * `n` more repositories in Palisade Demo (sharing web-shop's history), each with a scan of main
 * and of a pull request: the project size the overview's call counts are stated for.
 */
export function seedManyRepositories(emulator: Emulator, n: number): string[] {
  const store = emulator.store;
  const project = store.project('Palisade Demo');
  const template = store.repository('web-shop', project);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `service-${String(i).padStart(3, '0')}`;
    const id = createHash('sha256').update(name).digest('hex').replace(/^(.{8})(.{4})(.{3})(.{3})(.{12}).*$/, '$1-$2-4$3-8$4-$5');
    store.data.repositories.push({ id, name, projectId: project.id, defaultBranch: 'refs/heads/main', isDisabled: false, refs: { 'refs/heads/main': template.refs['refs/heads/main'] }, commits: template.commits });
    ids.push(id);
  }
  const at = (minutes: number) => new Date(Date.UTC(2025, 0, 20) - minutes * 60_000).toISOString();
  ids.forEach((_, i) => {
    const name = `service-${String(i).padStart(3, '0')}`;
    publishScan(emulator, { repo: name, sourceBranch: 'refs/heads/main', finishedAt: at(i), findings: i % 3 ? WEB_SHOP_MAIN.slice(0, 1 + (i % 5)) : [] });
    publishScan(emulator, { repo: name, sourceBranch: 'refs/pull/1/merge', pullRequestId: 1, finishedAt: at(n + i), findings: WEB_SHOP_PR.slice(0, 2) });
  });
  store.changed();
  return ids;
}
