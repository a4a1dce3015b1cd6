/** The scan history of a repository (its builds tagged `palisade`, newest first) and the log of any scan. */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { Link } from 'azure-devops-ui/Link';
import { SimpleTableCell, Table, TwoLineTableCell, type ITableColumn } from 'azure-devops-ui/Table';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';
import { formatDateTime, formatDuration, plural, refLabel, shortCommit, TRIGGER_LABELS } from '../../shared/data/format';
import type { HubData } from '../data/hubData';
import { buildResultsUrl, commitUrl, pullRequestUrl } from '../../shared/data/links';
import { findRepo, type RepoRef } from '../../shared/data/model';
import { prOfBranch, refKeyOfBuild } from '../data/scanIndex';
import type { ScanSummary } from '../../shared/data/scanRecords';
import type { ScanBuild } from '../../shared/services/hubServices';
import { useAsync } from '../../shared/hooks/useAsync';
import { describeError } from '../../shared/components/errors';
import { Empty, Loading, LoadError } from '../../shared/components/LoadState';
import { OutcomeStatus } from '../../shared/components/StatusBadges';
import { RepositoryPicker } from '../findings/RepositoryPicker';
import { useHub } from '../HubContext';
import { ScanLogPanel } from './ScanLogPanel';

/** How many of a repository's most recent scans the tab lists. */
export const SCAN_HISTORY_SIZE = 50;

interface ScanRow {
  build: ScanBuild;
  summary?: ScanSummary;
  error?: string;
}

async function loadHistory(data: HubData, repo: RepoRef): Promise<ScanBuild[]> {
  const page = await data.limiter.run(() => data.services.listScanBuilds({ repoId: repo.id, top: SCAN_HISTORY_SIZE }));
  return page.builds;
}

/** Each build's record summary, read (or taken from the browser cache) after the list shows. */
function useSummaries(data: HubData, builds: ScanBuild[] | undefined): ReadonlyMap<number, ScanSummary | Error> {
  const [summaries, setSummaries] = React.useState<ReadonlyMap<number, ScanSummary | Error>>(new Map());
  React.useEffect(() => {
    setSummaries(new Map());
    if (!builds) return;
    let live = true;
    for (const b of builds) {
      data.reader.summary(b.id).then(
        (s) => live && setSummaries((m) => new Map(m).set(b.id, s ?? new Error('no scan record in this build'))),
        (e: unknown) => live && setSummaries((m) => new Map(m).set(b.id, e instanceof Error ? e : new Error(String(e)))),
      );
    }
    return () => {
      live = false;
    };
  }, [data, builds]);
  return summaries;
}

/** The repository whose scan finished last (the project's newest scan build), or undefined when none has one. */
export async function mostRecentlyScanned(data: HubData, repos: readonly RepoRef[]): Promise<RepoRef | undefined> {
  const page = await data.limiter.run(() => data.services.listScanBuilds({ top: 1 }));
  const id = page.builds[0]?.repoId;
  return id ? findRepo(repos, id) : undefined;
}

export function ScansTab(): JSX.Element {
  const hub = useHub();
  const { repos, route, navigate } = hub;
  const repo = findRepo(repos, route.repo);
  // Without a repository in the URL, open on the one scanned most recently (one build query).
  const [choosing, setChoosing] = React.useState(!repo);
  React.useEffect(() => {
    if (repo) return;
    let live = true;
    setChoosing(true);
    mostRecentlyScanned(hub.data, repos).then(
      (latest) => {
        if (!live) return;
        setChoosing(false);
        if (latest) navigate({ repo: latest.id }, { replace: true });
      },
      () => live && setChoosing(false),
    );
    return () => {
      live = false;
    };
  }, [repo, repos, hub.data, navigate]);
  const history = useAsync(() => (repo ? loadHistory(hub.data, repo) : Promise.resolve([])), [repo, hub.data]);
  const summaries = useSummaries(hub.data, history.status === 'ready' ? history.value : undefined);
  const rows = React.useMemo<ScanRow[]>(
    () =>
      history.status === 'ready'
        ? history.value.map((build) => {
            const s = summaries.get(build.id);
            return s instanceof Error ? { build, error: describeError(s) } : { build, summary: s };
          })
        : [],
    [history, summaries],
  );

  let body: JSX.Element;
  if (!repo && choosing) body = <Loading label="Finding the latest scan..." />;
  else if (!repo) body = <Empty title="No scans yet" text="No build of this project carries a Palisade scan. Choose a repository, or add the Palisade task to a pipeline (see Settings)." icon="History" />;
  else if (history.status === 'loading') body = <Loading label="Loading scan history..." />;
  else if (history.status === 'error') body = <LoadError what="the scan history" error={history.error} onRetry={history.reload} />;
  else if (!history.value.length)
    body = (
      <Empty
        title="No scans yet"
        text={`No build of ${repo.name} carries a Palisade scan. Add the Palisade task to its pipeline (see Settings).`}
        icon="History"
        actionText="How to set up scanning"
        onAction={() => navigate({ tab: 'settings' })}
      />
    );
  else
    body = (
      <Card className="palisade-table-card" contentProps={{ contentPadding: false }}>
        <ScansTable repo={repo} scans={rows} onOpen={(scanId) => navigate({ scan: scanId })} />
      </Card>
    );

  return (
    <div className="palisade-scans flex-column rhythm-vertical-16">
      <div className="flex-row flex-center rhythm-horizontal-8">
        <RepositoryPicker repos={repos} value={repo?.id} allowAll={false} onChange={(id) => navigate({ repo: id, scan: undefined })} />
        {history.status === 'ready' && repo && <span className="secondary-text">{plural(history.value.length, 'scan')}</span>}
      </div>
      {body}
      {repo && route.scan && history.status === 'ready' && (
        <ScanLogPanel key={route.scan} repo={repo} scanId={route.scan} onClose={() => navigate({ scan: undefined })} />
      )}
    </div>
  );
}

function ScansTable(props: { repo: RepoRef; scans: ScanRow[]; onOpen: (scanId: string) => void }): JSX.Element {
  const { services } = useHub();
  const { collectionUri, projectName } = services.context;
  const reading = <span className="secondary-text">...</span>;
  const columns: ITableColumn<ScanRow>[] = [
    {
      id: 'time',
      name: 'Scan',
      width: -22,
      renderCell: (_r, col, column, { build, summary }) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<span className="font-weight-semibold">{formatDateTime(summary?.finishedAt ?? build.finishTime)}</span>}
          line2={<span className="secondary-text">{summary ? `${TRIGGER_LABELS[summary.trigger] ?? summary.trigger}${summary.requestedBy ? ` · ${summary.requestedBy}` : ''}` : build.requestedFor ?? ''}</span>}
        />
      ),
    },
    {
      id: 'ref',
      name: 'Branch / PR',
      width: -20,
      renderCell: (_r, col, column, { build, summary }) => {
        const pr = prOfBranch(build.sourceBranch);
        const commit = summary?.commit ?? build.sourceVersion;
        return (
          <TwoLineTableCell
            key={column.id}
            columnIndex={col}
            tableColumn={column}
            line1={
              pr !== undefined ? (
                <Link href={pullRequestUrl(collectionUri, projectName, props.repo, pr)} target="_blank" rel="noopener noreferrer">
                  {`PR ${pr}${summary?.targetBranch ? ` into ${summary.targetBranch.replace(/^refs\/heads\//, '')}` : ''}`}
                </Link>
              ) : (
                <span>{refLabel(refKeyOfBuild(build))}</span>
              )
            }
            line2={
              commit ? (
                <Link className="secondary-text" href={commitUrl(collectionUri, projectName, props.repo, commit)} target="_blank" rel="noopener noreferrer">
                  {shortCommit(commit)}
                </Link>
              ) : (
                <span className="secondary-text">-</span>
              )
            }
          />
        );
      },
    },
    {
      id: 'build',
      name: 'Build',
      width: -13,
      renderCell: (_r, col, column, { build }) => (
        <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
          <Link href={buildResultsUrl(collectionUri, projectName, build.id)} target="_blank" rel="noopener noreferrer">
            {build.buildNumber ?? `#${build.id}`}
          </Link>
        </SimpleTableCell>
      ),
    },
    {
      id: 'stats',
      name: 'Duration · files',
      width: -15,
      renderCell: (_r, col, column, { summary }) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={summary ? <span>{formatDuration(summary.durationMs)}</span> : reading}
          line2={
            <span className="secondary-text">
              {summary?.filesScanned !== undefined ? `${plural(summary.filesScanned, 'file')}${summary.filesSkipped ? `, ${summary.filesSkipped.toLocaleString()} skipped` : ''}` : ''}
            </span>
          }
        />
      ),
    },
    {
      id: 'findings',
      name: 'Findings',
      width: -12,
      renderCell: (_r, col, column, { summary }) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={summary ? <span>{summary.history === 'unavailable' ? 'new: unknown' : `${summary.newFindings.toLocaleString()} new`}</span> : reading}
          line2={<span className="secondary-text">{summary ? `${summary.fixedFindings.toLocaleString()} fixed` : ''}</span>}
        />
      ),
    },
    {
      id: 'result',
      name: 'Result',
      width: -18,
      renderCell: (_r, col, column, { build, summary, error }) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={summary ? <OutcomeStatus outcome={summary.outcome} /> : error ? <span className="secondary-text palisade-scan-error">{error}</span> : reading}
          line2={
            <Link
              className="palisade-log-link"
              href="#"
              onClick={(e) => {
                e.preventDefault();
                props.onOpen(summary?.scanId ?? String(build.id));
              }}
            >
              View log
            </Link>
          }
        />
      ),
    },
  ];
  const provider = React.useMemo(() => new ArrayItemProvider(props.scans), [props.scans]);
  return (
    <Table<ScanRow>
      className="palisade-scans-table"
      ariaLabel="Scan history"
      columns={columns}
      itemProvider={provider}
      singleClickActivation={false}
      onActivate={(_e, row) => props.onOpen(row.data.summary?.scanId ?? String(row.data.build.id))}
      showLines
    />
  );
}
