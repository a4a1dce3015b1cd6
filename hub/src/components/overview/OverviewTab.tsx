/**
 * Every repository of the project with its scanning switch, last scan, open findings by severity
 * and coverage. Admins switch scanning on and off per row or for a selection.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ButtonGroup } from 'azure-devops-ui/ButtonGroup';
import { Card } from 'azure-devops-ui/Card';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { ListSelection } from 'azure-devops-ui/List';
import { countBySeverity } from '../../../../tasks/contract/findings';
import { compareOverviewRows, COVERAGE_LABELS, totalOf, type CoverageState, type RepoOverviewRow } from '../../data/coverage';
import { loadOverview } from '../../data/overviewLoader';
import { parseSarif } from '../../data/sarifFindings';
import { setReposEnabled } from '../../data/settingsActions';
import { mapLimit } from '../../data/concurrency';
import { plural } from '../../data/format';
import { useAsync } from '../../hooks/useAsync';
import { describeError } from '../common/errors';
import { Loading, LoadError } from '../common/LoadState';
import { useHub } from '../HubContext';
import { RepositoriesTable } from './RepositoriesTable';

/** Rows whose repository has nothing in storage, completed from the latest build's SARIF. */
function withSarif(row: RepoOverviewRow, sarif: SarifProbe | undefined): RepoOverviewRow {
  if (!sarif || row.summary || row.coverage === 'unreadable' || row.coverage === 'disabled') return row;
  return { ...row, counts: sarif.counts, openTotal: totalOf(sarif.counts), coverage: 'sarifOnly', note: `From build ${sarif.buildNumber ?? sarif.buildId}` };
}

interface SarifProbe {
  buildId: number;
  buildNumber?: string;
  counts: ReturnType<typeof countBySeverity>;
}

export function OverviewTab(): JSX.Element {
  const hub = useHub();
  const { services, repos, permission } = hub;
  const data = useAsync(() => loadOverview(services.store, services.context.projectId, repos, describeError), [services, repos]);
  const [sarif, setSarif] = React.useState<ReadonlyMap<string, SarifProbe>>(new Map());
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<{ severity: MessageCardSeverity; text: string } | null>(null);
  const selection = React.useMemo(() => new ListSelection({ multiSelect: true, selectOnFocus: false }), []);
  const [selectedCount, setSelectedCount] = React.useState(0);

  // After the table shows, look for SARIF artifacts of repositories that never published to storage.
  React.useEffect(() => {
    if (data.status !== 'ready') return;
    let live = true;
    const candidates = data.value.rows.filter((r) => r.coverage === 'neverScanned');
    void mapLimit(candidates, 3, async (row) => {
      try {
        const artifact = await hub.sarifArtifact(row.repo);
        if (!artifact || !live) return;
        const parsed = parseSarif(artifact.text, artifact.finishedAt ?? new Date(0).toISOString());
        const probe: SarifProbe = { buildId: artifact.buildId, buildNumber: artifact.buildNumber, counts: countBySeverity(parsed.findings) };
        setSarif((m) => new Map(m).set(row.repo.id, probe));
      } catch {
        // The fallback is best effort: the row keeps saying "never scanned".
      }
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.status === 'ready' ? data.value : null]);

  React.useEffect(() => {
    const update = () => setSelectedCount(selection.selectedCount);
    selection.subscribe(update);
    return () => selection.unsubscribe(update);
  }, [selection]);

  const rows = React.useMemo(
    () => (data.status === 'ready' ? data.value.rows.map((r) => withSarif(r, sarif.get(r.repo.id))) : []),
    [data.status === 'ready' ? data.value : null, sarif], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const canEdit = permission.state === 'allowed';

  const switchScanning = async (repoIds: string[], enabled: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await setReposEnabled(services.store, services.context.projectId, repoIds, enabled, services.context.user);
      if (result.failed.length) {
        setMessage({
          severity: MessageCardSeverity.Error,
          text: `Could not ${enabled ? 'enable' : 'disable'} scanning for ${plural(result.failed.length, 'repository', 'repositories')}: ${describeError(result.failed[0].error)}`,
        });
      } else {
        setMessage({ severity: MessageCardSeverity.Info, text: `Scanning ${enabled ? 'enabled' : 'disabled'} for ${plural(result.saved.length, 'repository', 'repositories')}.` });
      }
      selection.clear();
      data.reload();
    } finally {
      setBusy(false);
    }
  };

  const selectedRepoIds = (): string[] => {
    const ids: string[] = [];
    for (const range of selection.value) for (let i = range.beginIndex; i <= range.endIndex; i++) if (sortedRows[i]) ids.push(sortedRows[i].repo.id);
    return ids;
  };

  const [sortedRows, setSortedRows] = React.useState<RepoOverviewRow[]>([]);

  if (data.status === 'loading') return <Loading label="Loading repositories and their scans..." />;
  if (data.status === 'error') return <LoadError what="the overview" error={data.error} onRetry={data.reload} />;

  return (
    <div className="palisade-overview flex-column rhythm-vertical-16">
      <CoverageSummary rows={rows} />
      {message && (
        <MessageCard severity={message.severity} onDismiss={() => setMessage(null)}>
          {message.text}
        </MessageCard>
      )}
      {permission.state === 'denied' && (
        <MessageCard severity={MessageCardSeverity.Info} className="palisade-readonly-note">
          {`Scanning can be switched on and off by project administrators. ${permission.reason}`}
        </MessageCard>
      )}
      <Card className="palisade-table-card" contentProps={{ contentPadding: false }}>
        <div className="flex-column flex-grow">
          <div className="flex-row flex-center palisade-toolbar">
            <span className="secondary-text palisade-selected-count">{selectedCount ? `${plural(selectedCount, 'repository', 'repositories')} selected` : 'Select repositories to switch scanning for several at once.'}</span>
            <ButtonGroup className="palisade-bulk-actions">
              <Button
                text="Enable scanning"
                disabled={!canEdit || busy || !selectedCount}
                onClick={() => void switchScanning(selectedRepoIds(), true)}
              />
              <Button
                text="Disable scanning"
                disabled={!canEdit || busy || !selectedCount}
                onClick={() => void switchScanning(selectedRepoIds(), false)}
              />
            </ButtonGroup>
          </div>
          <RepositoriesTable rows={rows} selection={selection} canEdit={canEdit && !busy} onSorted={setSortedRows} onToggle={(id, on) => void switchScanning([id], on)} />
        </div>
      </Card>
    </div>
  );
}

function CoverageSummary(props: { rows: RepoOverviewRow[] }): JSX.Element {
  const byState = new Map<CoverageState, number>();
  for (const r of props.rows) byState.set(r.coverage, (byState.get(r.coverage) ?? 0) + 1);
  const order = [...byState.keys()].sort((a, b) => compareOverviewRows({ coverage: a, repo: { name: '' } } as RepoOverviewRow, { coverage: b, repo: { name: '' } } as RepoOverviewRow));
  return (
    <div className="palisade-coverage-summary body-m" aria-live="polite">
      <span className="font-weight-semibold">{plural(props.rows.length, 'repository', 'repositories')}</span>
      {order.map((s) => (
        <span key={s} className="palisade-coverage-chip">{`${COVERAGE_LABELS[s]}: ${byState.get(s)}`}</span>
      ))}
    </div>
  );
}
