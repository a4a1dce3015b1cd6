/** The scan history of a repository, newest first, and the log of any scan. */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { Link } from 'azure-devops-ui/Link';
import { SimpleTableCell, Table, TwoLineTableCell, type ITableColumn } from 'azure-devops-ui/Table';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';
import type { ScanRecordDoc } from '../../../../tasks/contract/storage';
import { formatDateTime, formatDuration, plural, refLabel, shortCommit, TRIGGER_LABELS } from '../../data/format';
import { buildResultsUrl, commitUrl, pullRequestUrl, safeHref } from '../../data/links';
import { findRepo, type RepoRef } from '../../data/model';
import { readScanRecords, readSummary } from '../../data/storageReads';
import { useAsync } from '../../hooks/useAsync';
import { Empty, Loading, LoadError } from '../common/LoadState';
import { OutcomeStatus } from '../common/StatusBadges';
import { RepositoryPicker } from '../findings/RepositoryPicker';
import { useHub } from '../HubContext';
import { ScanLogPanel } from './ScanLogPanel';

async function loadHistory(hub: ReturnType<typeof useHub>, repo: RepoRef): Promise<ScanRecordDoc[]> {
  const summary = await readSummary(hub.services.store, repo.id);
  if (!summary) return [];
  const records = await readScanRecords(hub.services.store, repo.id, summary.history ?? []);
  return records.sort((a, b) => b.finishedAt.localeCompare(a.finishedAt));
}

export function ScansTab(): JSX.Element {
  const hub = useHub();
  const { repos, route, navigate } = hub;
  const repo = findRepo(repos, route.repo);
  const history = useAsync(() => (repo ? loadHistory(hub, repo) : Promise.resolve([])), [repo, hub.services]);

  const openScan = route.scan && history.status === 'ready' ? history.value.find((s) => s.scanId === route.scan) : undefined;

  let body: JSX.Element;
  if (!repo) body = <Empty title="Choose a repository" text="Scans are listed per repository." icon="Repo" />;
  else if (history.status === 'loading') body = <Loading label="Loading scan history..." />;
  else if (history.status === 'error') body = <LoadError what="the scan history" error={history.error} onRetry={history.reload} />;
  else if (!history.value.length)
    body = (
      <Empty
        title="No scans yet"
        text={`${repo.name} has no scans in the Security hub. Add the Palisade task to its pipeline (see Settings).`}
        icon="History"
        actionText="How to set up scanning"
        onAction={() => navigate({ tab: 'settings' })}
      />
    );
  else
    body = (
      <Card className="palisade-table-card" contentProps={{ contentPadding: false }}>
        <ScansTable repo={repo} scans={history.value} onOpen={(scanId) => navigate({ scan: scanId })} />
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
        <ScanLogPanel key={route.scan} repo={repo} scanId={route.scan} record={openScan} onClose={() => navigate({ scan: undefined })} />
      )}
    </div>
  );
}

function ScansTable(props: { repo: RepoRef; scans: ScanRecordDoc[]; onOpen: (scanId: string) => void }): JSX.Element {
  const { services } = useHub();
  const { collectionUri, projectName } = services.context;
  const columns: ITableColumn<ScanRecordDoc>[] = [
    {
      id: 'time',
      name: 'Scan',
      width: -22,
      renderCell: (_r, col, column, s) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<span className="font-weight-semibold">{formatDateTime(s.finishedAt)}</span>}
          line2={<span className="secondary-text">{`${TRIGGER_LABELS[s.trigger] ?? s.trigger}${s.requestedBy ? ` · ${s.requestedBy}` : ''}`}</span>}
        />
      ),
    },
    {
      id: 'ref',
      name: 'Branch / PR',
      width: -20,
      renderCell: (_r, col, column, s) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={
            s.pullRequest ? (
              <Link href={pullRequestUrl(collectionUri, projectName, props.repo, s.pullRequest.id)} target="_blank" rel="noopener noreferrer">
                {`PR ${s.pullRequest.id}${s.pullRequest.targetBranch ? ` into ${s.pullRequest.targetBranch.replace(/^refs\/heads\//, '')}` : ''}`}
              </Link>
            ) : (
              <span>{refLabel(s.ref)}</span>
            )
          }
          line2={
            s.commit ? (
              <Link className="secondary-text" href={commitUrl(collectionUri, projectName, props.repo, s.commit)} target="_blank" rel="noopener noreferrer">
                {shortCommit(s.commit)}
              </Link>
            ) : (
              <span className="secondary-text">-</span>
            )
          }
        />
      ),
    },
    {
      id: 'build',
      name: 'Build',
      width: -13,
      renderCell: (_r, col, column, s) => {
        const href = s.build ? safeHref(s.build.url) ?? buildResultsUrl(collectionUri, projectName, s.build.id) : undefined;
        return (
          <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
            {s.build && href ? (
              <Link href={href} target="_blank" rel="noopener noreferrer">
                {s.build.number ?? `#${s.build.id}`}
              </Link>
            ) : (
              <span className="secondary-text">-</span>
            )}
          </SimpleTableCell>
        );
      },
    },
    {
      id: 'stats',
      name: 'Duration · files',
      width: -15,
      renderCell: (_r, col, column, s) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<span>{formatDuration(s.durationMs)}</span>}
          line2={<span className="secondary-text">{`${plural(s.filesScanned, 'file')}${s.filesSkipped ? `, ${s.filesSkipped.toLocaleString()} skipped` : ''}`}</span>}
        />
      ),
    },
    {
      id: 'findings',
      name: 'Findings',
      width: -12,
      renderCell: (_r, col, column, s) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<span>{`${s.newFindings.toLocaleString()} new`}</span>}
          line2={<span className="secondary-text">{`${s.fixedFindings.toLocaleString()} fixed`}</span>}
        />
      ),
    },
    {
      id: 'result',
      name: 'Result',
      width: -18,
      renderCell: (_r, col, column, s) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<OutcomeStatus outcome={s.outcome} />}
          line2={
            <Link
              className="palisade-log-link"
              href="#"
              onClick={(e) => {
                e.preventDefault();
                props.onOpen(s.scanId);
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
    <Table<ScanRecordDoc>
      className="palisade-scans-table"
      ariaLabel="Scan history"
      columns={columns}
      itemProvider={provider}
      singleClickActivation={false}
      onActivate={(_e, row) => props.onOpen(row.data.scanId)}
      showLines
    />
  );
}
