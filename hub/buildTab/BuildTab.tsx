/** The "Security" tab of a build: the Palisade scan of this build, job by job. */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { Link } from 'azure-devops-ui/Link';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { hubUrl } from '../../tasks/contract/extension';
import type { RecordedFinding as StoredFinding, ScanRecordFile } from '../../tasks/contract/scanRecord';
import { FindingDetailPanel } from '../shared/components/FindingDetailPanel';
import { FindingsTable, type FindingsSort } from '../shared/components/FindingsTable';
import { Empty, LoadError, Loading } from '../shared/components/LoadState';
import { SeverityCountPills } from '../shared/components/Severity';
import { OutcomeStatus } from '../shared/components/StatusBadges';
import { buildRows, recordDismissals, type FindingRow } from '../shared/data/findingRows';
import { sortRows } from '../shared/data/findingsFilter';
import { formatDateTime, formatDuration, plural, refLabel } from '../shared/data/format';
import { shortBranch } from '../shared/data/model';
import type { RuleCatalog } from '../shared/data/ruleHelp';
import { countOpen, loadBuildScan, type BuildInfo, type BuildScanView, type BuildTabServices, type JobScan } from './buildScan';

/** The rule catalog shipped beside the page (hub/build/ruleCatalog.js), for the detail panel's help. */
function useRuleCatalog(): RuleCatalog | undefined {
  const [catalog, setCatalog] = React.useState<RuleCatalog>();
  React.useEffect(() => {
    let live = true;
    fetch(new URL('rule-catalog.json', document.baseURI).toString())
      .then((r) => (r.ok ? (r.json() as Promise<RuleCatalog>) : { rules: {} }))
      .catch(() => ({ rules: {} }))
      .then((c) => live && setCatalog(c));
    return () => {
      live = false;
    };
  }, []);
  return catalog;
}

/**
 * The build's open findings in the hub's own findings table and detail panel (same columns,
 * words, severity pills and help), without triage: that happens in the hub.
 */
function FindingsList(props: { services: BuildTabServices; build: BuildInfo; findings: readonly StoredFinding[]; dismissals?: ScanRecordFile['dismissals']; commit?: string; pullRequestId?: number }): JSX.Element {
  const { services, build } = props;
  const catalog = useRuleCatalog();
  const [sort, setSort] = React.useState<FindingsSort>({ key: 'severity', descending: false });
  const [open, setOpen] = React.useState<FindingRow>();
  const all = React.useMemo(() => {
    const repo = { id: build.repositoryId ?? '', name: build.repositoryName ?? '' };
    const ref = props.pullRequestId !== undefined ? `pr/${props.pullRequestId}` : shortBranch(build.sourceBranch) ?? '';
    const source = { repo, ref, buildId: build.id, buildNumber: build.buildNumber, commit: props.commit ?? build.sourceVersion, pullRequestId: props.pullRequestId, readOnly: true };
    return buildRows(source, props.findings, new Map(), recordDismissals(props.dismissals));
  }, [build, props.findings, props.dismissals, props.commit, props.pullRequestId]);
  const rows = React.useMemo(() => sortRows(all.filter((r) => r.state === 'open'), sort.key, sort.descending), [all, sort]);
  const notShown = all.filter((r) => r.state === 'dismissed').length;
  if (!rows.length) {
    return <p className="palisade-build-tab-clean">{`No open findings${notShown ? ` (${notShown.toLocaleString()} dismissed)` : ''}.`}</p>;
  }
  return (
    <>
      <div className="palisade-build-tab-table">
        <FindingsTable className="palisade-build-tab-findings" rows={rows} showRepository={false} sort={sort} onSort={setSort} onOpen={setOpen} />
      </div>
      {notShown ? <p className="secondary-text">{`${plural(notShown, 'dismissed finding')} not shown.`}</p> : null}
      {open ? <FindingDetailPanel key={open.key} row={open} catalog={catalog} context={services} onClose={() => setOpen(undefined)} /> : null}
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
        <FindingsList services={props.services} build={props.build} findings={props.scan.record.findings} dismissals={props.scan.record.dismissals} commit={record.commit} pullRequestId={pr} />
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
            <FindingsList services={services} build={view.build} findings={view.findings} />
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
