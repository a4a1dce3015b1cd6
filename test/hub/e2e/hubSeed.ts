/**
 * Demo data for the Security hub's browser tests, published the way the pipeline task does it
 * (its own `publishScan`, over REST to the emulator with the build service's token), plus a
 * build whose only trace is a `CodeAnalysisLogs` SARIF artifact, for the fallback path.
 */
import { createHash } from 'node:crypto';
import * as azdev from 'azure-devops-node-api';
import { RestDocumentStore } from '../../../tasks/PalisadeScanV1/azure/restDocumentStore';
import { publishScan, readSummary } from '../../../tasks/PalisadeScanV1/hubStorage';
import type { DocumentStore } from '../../../tasks/contract/documentStore';
import type { Finding, FindingKind, Severity } from '../../../tasks/contract/findings';
import { collections, documentIds, emptyCounts, type RepoSettingsDoc, type SeverityCounts } from '../../../tasks/contract/storage';
import { CONTRACT_VERSION } from '../../../tasks/contract/version';
import { addContainerFile } from '../../emulator/state';
import type { Emulator } from '../../emulator';

/** Message and path of the finding whose text must never become markup. */
export const XSS_TEXT = '<img src=x onerror=alert(1)>';

export interface SeededHub {
  projectId: string;
  repos: { webShop: string; payments: string; docs: string; archived: string; oldPortal: string };
  /** A high-severity secret on web-shop main (the one tests open and dismiss). */
  secretFingerprint: string;
  xssFingerprint: string;
  /** A finding of web-shop's PR 1 scan. */
  prFingerprint: string;
  latestWebShopScan: string;
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

function counts(findings: readonly Finding[]): SeverityCounts {
  const c = emptyCounts();
  for (const f of findings) if (!f.suppression) c[f.severity]++;
  return c;
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

export async function seedHub(emulator: Emulator, options: { largeFindings?: number } = {}): Promise<SeededHub> {
  // Extension data refuses a job token (host authorization, REAL-SERVICE.md): the seed writes
  // the stored scans with a signed-in administrator's token instead.
  const extensionData = await new azdev.WebApi(emulator.orgUrl, azdev.getBearerHandler(emulator.tokens.admin)).getExtensionManagementApi();
  const store: DocumentStore = new RestDocumentStore(extensionData);
  const project = emulator.store.project('Palisade Demo');
  const repo = (name: string) => emulator.store.repository(name, project);
  const webShop = repo('web-shop');
  const payments = repo('payments-api');
  const docs = repo('docs-site');
  const archived = repo('archived-tools');
  const oldPortal = emulator.store.repository('old-portal', emulator.store.project('Legacy Apps'));
  const base = { repoId: webShop.id, projectId: project.id, toolVersion: '0.1.0', filesScanned: 42, filesSkipped: 3, requestedBy: 'Avery Admin' };

  const publish = async (scanId: string, at: string, ref: string, findings: Finding[], extra: Record<string, unknown>, isDefaultBranch: boolean, repoId = webShop.id) =>
    publishScan(store, await readSummary(store, repoId), {
      record: {
        ...base, repoId, scanId, ref, startedAt: at, finishedAt: at, durationMs: 8_400, counts: counts(findings),
        outcome: counts(findings).critical ? 'failed' : 'succeeded', trigger: 'branch', branch: 'refs/heads/main', commit: 'main-2',
        ...extra,
      } as never,
      findings,
      log: log(LOG_LINES),
      isDefaultBranch,
    });

  await publish('100-1-job', '2025-01-07T10:34:05.000Z', 'main', WEB_SHOP_MAIN_OLD, { build: { id: 100, number: '20250107.1' }, commit: 'initial' }, true);
  const mainCommit = webShop.refs['refs/heads/main'];
  await publish('103-1-job', '2025-01-10T09:15:00.000Z', 'main', WEB_SHOP_MAIN, { build: { id: 103, number: '20250110.1' }, commit: mainCommit }, true);
  const prFindings = WEB_SHOP_PR;
  await publishScan(store, await readSummary(store, webShop.id), {
    record: {
      ...base, scanId: '102-1-job', ref: 'pr/1', trigger: 'pullRequest', branch: 'refs/heads/feature/checkout', commit: webShop.refs['refs/heads/feature/checkout'],
      pullRequest: { id: 1, iterationId: 2, targetBranch: 'refs/heads/main' }, build: { id: 102, number: '20250110.2' },
      startedAt: '2025-01-10T11:30:00.000Z', finishedAt: '2025-01-10T11:30:09.000Z', durationMs: 9_100, counts: counts(prFindings), outcome: 'failed',
    },
    findings: prFindings,
    newFingerprints: new Set(prFindings.slice(2).map((f) => f.fingerprint)),
    log: log(['##[section]Starting: Palisade security scan (pull request 1)', 'Diff-aware: 4 changed files.', '2 new findings: 1 critical, 1 high.']),
    isDefaultBranch: false,
  });

  const large = options.largeFindings ?? 10_000;
  if (large > 0) {
    const findings = largeFindings(large);
    await publish('104-1-job', '2025-01-09T08:00:00.000Z', 'main', findings, { build: { id: 104, number: '20250109.1' }, commit: payments.refs['refs/heads/main'] }, true, payments.id);
  }

  // archived-tools: switched off by an admin.
  const settingsDoc: RepoSettingsDoc = {
    id: documentIds.repoSettings(archived.id), schemaVersion: CONTRACT_VERSION, repoId: archived.id, enabled: false,
    updatedBy: { id: emulator.identities.find((i) => i.key === 'admin')?.id ?? 'admin', displayName: 'Avery Admin' }, updatedAt: '2025-01-05T09:00:00.000Z',
  };
  await store.create(collections.settings(project.id), settingsDoc);

  seedSarifBuild(emulator);

  return {
    projectId: project.id,
    repos: { webShop: webShop.id, payments: payments.id, docs: docs.id, archived: archived.id, oldPortal: oldPortal.id },
    secretFingerprint: WEB_SHOP_MAIN[1].fingerprint,
    xssFingerprint: WEB_SHOP_MAIN[7].fingerprint,
    prFingerprint: WEB_SHOP_PR[2].fingerprint,
    latestWebShopScan: '103-1-job',
    largeFindingCount: large,
  };
}

/** A SARIF log as the task writes it, with rule help that tries to smuggle in markup. */
export function fallbackSarif(): string {
  return JSON.stringify({
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'Palisade', version: '0.1.0',
          rules: [
            { id: 'azure-storage-account-key', shortDescription: { text: 'Azure Storage account key' }, fullDescription: { text: 'An Azure Storage account key.' },
              help: { text: 'Rotate the key.', markdown: `**Fix:** rotate the key in the portal.\n\n<script>alert("help")</script> ${XSS_TEXT}` },
              properties: { tags: ['security', 'secret', 'external/cwe/cwe-798'], 'security-severity': '8.0' } },
            { id: 'js-code-injection', shortDescription: { text: 'eval of dynamic code' }, fullDescription: { text: 'eval() runs strings as code.' },
              help: { text: 'Avoid eval.', markdown: 'Avoid `eval`.' }, properties: { tags: ['security', 'code'], 'security-severity': '5.5' } },
          ],
        },
      },
      results: [
        { ruleId: 'azure-storage-account-key', ruleIndex: 0, level: 'error', message: { text: 'Azure Storage account key committed in source.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'web.config', uriBaseId: 'SRCROOT' }, region: { startLine: 14, startColumn: 3, endLine: 14, endColumn: 90 } } }],
          partialFingerprints: { 'palisade/v1': fp('azure-storage-account-key', 'web.config') }, properties: { kind: 'secret', severity: 'high', preview: 'AccountKey=****' } },
        { ruleId: 'js-code-injection', ruleIndex: 1, level: 'warning', message: { text: 'eval() runs a string as code.' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'scripts/legacy.js', uriBaseId: 'SRCROOT' }, region: { startLine: 3 } } }],
          partialFingerprints: { 'palisade/v1': fp('js-code-injection', 'scripts/legacy.js') }, properties: { kind: 'code', severity: 'medium', preview: 'eval(x)' } },
      ],
    }],
  });
}

/** old-portal (Legacy Apps) publishes only the SARIF artifact: its pipeline's token cannot write extension data. */
function seedSarifBuild(emulator: Emulator): void {
  const store = emulator.store;
  const build = store.createBuild({ project: 'Legacy Apps', repository: 'old-portal', sourceBranch: 'refs/heads/master', status: 'completed', result: 'succeeded', requestedFor: 'build-nodata' });
  const container = store.container(build.containerId);
  addContainerFile(container.items, 'CodeAnalysisLogs/palisade.sarif', Buffer.from(fallbackSarif(), 'utf8'), store.now(), store.identity('build-nodata').id);
  build.artifacts.push({ id: store.data.counters.artifactId++, name: 'CodeAnalysisLogs', resource: { type: 'Container', data: `#/${container.id}/CodeAnalysisLogs` } });
  store.changed();
}
