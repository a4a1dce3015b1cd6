/** The "Security" tab of a build: the Palisade scan of this build, job by job. */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { Link } from 'azure-devops-ui/Link';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { SEVERITIES, type Severity } from '../../tasks/contract/findings';
import { hubUrl } from '../../tasks/contract/extension';
import type { RecordedFinding as StoredFinding } from '../../tasks/contract/scanRecord';
import { Empty, LoadError, Loading } from '../shared/components/LoadState';
import { SeverityCountPills, SeverityPill } from '../shared/components/Severity';
import { OutcomeStatus } from '../shared/components/StatusBadges';
import { formatDateTime, formatDuration, plural, refLabel } from '../shared/data/format';
import { fileAtCommitUrl, safeHref } from '../shared/data/links';
import { countOpen, loadBuildScan, type BuildInfo, type BuildScanView, type BuildTabServices, type JobScan } from './buildScan';

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

function sortFindings(findings: readonly StoredFinding[]): StoredFinding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || Number(!!b.isNew) - Number(!!a.isNew) || a.path.localeCompare(b.path) || a.region.startLine - b.region.startLine);
}

function FindingsList(props: { services: BuildTabServices; build: BuildInfo; findings: readonly StoredFinding[]; commit?: string; showNew: boolean }): JSX.Element {
  const open = sortFindings(props.findings.filter((f) => !f.suppression && f.state !== 'fixed'));
  const suppressed = props.findings.length - open.length;
  if (!open.length) {
    return <p className="palisade-build-tab-clean">{`No open findings.${suppressed ? ` ${plural(suppressed, 'suppressed finding')} not shown.` : ''}`}</p>;
  }
  const { services, build } = props;
  return (
    <>
      <table className="palisade-build-tab-findings">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Finding</th>
            <th>Location</th>
          </tr>
        </thead>
        <tbody>
          {open.map((f) => {
            const href = build.repositoryName
              ? safeHref(fileAtCommitUrl(services.collectionUri, services.projectName, { name: build.repositoryName }, f.path, props.commit ?? build.sourceVersion, f.region))
              : undefined;
            const location = `${f.path}:${f.region.startLine}`;
            return (
              <tr key={f.fingerprint} data-rule={f.ruleId}>
                <td>
                  <SeverityPill severity={f.severity} />
                </td>
                <td>
                  <div className="palisade-finding-text">{f.message}</div>
                  <div className="secondary-text">
                    {`${f.ruleId} · ${f.kind}`}
                    {props.showNew && f.isNew ? <span className="palisade-new"> · new in this pull request</span> : null}
                    {f.preview && f.kind === 'secret' ? <span className="palisade-preview palisade-build-tab-preview">{f.preview}</span> : null}
                  </div>
                </td>
                <td className="palisade-path">
                  {href ? (
                    <Link href={href} target="_blank" rel="noopener noreferrer">
                      {location}
                    </Link>
                  ) : (
                    location
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {suppressed ? <p className="secondary-text">{`${plural(suppressed, 'suppressed finding')} not shown.`}</p> : null}
    </>
  );
}

function JobScanCard(props: { services: BuildTabServices; build: BuildInfo; scan: JobScan; multiple: boolean }): JSX.Element {
  const record = props.scan.record.scan;
  const hub = hubUrl(props.services.collectionUri, props.services.projectName, {
    repo: props.build.repositoryName ?? record.repoId,
    pr: record.pullRequestId,
    scan: record.scanId,
  }, props.services.extension);
  const pr = record.pullRequestId;
  const dismissed = props.scan.record.dismissals.honoured.length;
  return (
    <Card className="palisade-build-tab-scan" titleProps={{ text: props.multiple ? `Scan ${record.scanId}` : 'Palisade scan' }}>
      <div className="flex-column palisade-detail-section">
        <div className="flex-row flex-center palisade-build-tab-summary">
          <OutcomeStatus outcome={record.outcome} />
          <SeverityCountPills counts={record.counts} />
          {pr !== undefined ? <span className="palisade-new">{`${plural(record.newFindings, 'new finding')} in pull request ${pr}`}</span> : null}
        </div>
        <div className="secondary-text">
          {`${refLabel(record.branch)} · ${plural(record.filesScanned ?? 0, 'file')} scanned in ${formatDuration(record.durationMs)} · ${formatDateTime(record.finishedAt)}`}
          {record.outcomeReason ? ` · ${record.outcomeReason}` : ''}
          {dismissed ? ` · ${plural(dismissed, 'dismissal')} honoured` : ''}
        </div>
        <FindingsList services={props.services} build={props.build} findings={props.scan.record.findings} commit={record.commit} showNew={pr !== undefined} />
        <div>
          <Link href={hub} target="_top">
            Open in the Security hub (triage, history, scan log)
          </Link>
        </div>
      </div>
    </Card>
  );
}

export function BuildTabView(props: { services: BuildTabServices; view: BuildScanView }): JSX.Element {
  const { view, services } = props;
  if (view.kind === 'record') {
    return (
      <div className="flex-column palisade-build-tab" data-source="record">
        {view.scans.map((s) => (
          <JobScanCard key={s.record.scan.scanId} services={services} build={view.build} scan={s} multiple={view.scans.length > 1} />
        ))}
      </div>
    );
  }
  if (view.kind === 'sarif') {
    return (
      <div className="flex-column palisade-build-tab" data-source="sarif">
        <MessageCard severity={MessageCardSeverity.Info} className="palisade-build-tab-note">
          {`Shown from the build's ${view.artifactName} SARIF file: the build carries no Palisade scan record (no triage or history here).${view.note ? ` ${view.note}` : ''}`}
        </MessageCard>
        <Card className="palisade-build-tab-scan" titleProps={{ text: 'Findings in the SARIF artifact' }}>
          <div className="flex-column palisade-detail-section">
            <SeverityCountPills counts={countOpen(view.findings)} />
            <FindingsList services={services} build={view.build} findings={view.findings} showNew={false} />
          </div>
        </Card>
      </div>
    );
  }
  return (
    <div className="flex-column palisade-build-tab" data-source="none">
      {view.note ? <MessageCard severity={MessageCardSeverity.Warning}>{view.note}</MessageCard> : null}
      <Empty
        title="No Palisade results for this build"
        text="This build has no Palisade scan record and no CodeAnalysisLogs artifact. The PalisadeScan task may still be running, or it was skipped."
      />
    </div>
  );
}

/** Loads the scan of the build the host points at, and again when the host switches builds. */
export function BuildTab(props: { services: BuildTabServices; buildIds: (onBuild: (id: number) => void) => Promise<void>; onReady: () => void }): JSX.Element {
  const [buildId, setBuildId] = React.useState<number>();
  const [state, setState] = React.useState<{ view?: BuildScanView; error?: Error }>({});
  const [attempt, setAttempt] = React.useState(0);
  const { services, buildIds, onReady } = props;

  React.useEffect(() => {
    buildIds(setBuildId).catch((e: unknown) => setState({ error: e instanceof Error ? e : new Error(String(e)) }));
  }, [buildIds]);

  React.useEffect(() => {
    if (buildId === undefined) return;
    let current = true;
    setState({});
    loadBuildScan(services, buildId).then(
      (view) => current && setState({ view }),
      (e: unknown) => current && setState({ error: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      current = false;
    };
  }, [services, buildId, attempt]);

  const settled = !!(state.view || state.error);
  React.useEffect(() => {
    if (settled) onReady();
  }, [settled, onReady]);

  let body: JSX.Element;
  if (state.error) body = <LoadError what="the Palisade results of this build" error={state.error} onRetry={() => setAttempt((n) => n + 1)} />;
  else if (!state.view) body = <Loading label="Loading the Palisade results of this build..." />;
  else body = <BuildTabView services={services} view={state.view} />;
  return <div className="palisade-hub palisade-build-tab-root">{body}</div>;
}
