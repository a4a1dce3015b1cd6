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
import { coverageSummary, overviewRow, type RepoOverviewRow } from '../../shared/data/coverage';
import { loadOverview, type OverviewSnapshot } from '../data/overviewLoader';
import { setReposEnabled } from '../data/settingsActions';
import { plural } from '../../shared/data/format';
import type { HubData } from '../data/hubData';
import { describeError } from '../../shared/components/errors';
import { LoadError } from '../../shared/components/LoadState';
import { useHub } from '../HubContext';
import { RepositoriesTable } from './RepositoriesTable';

/** Before anything is known: every repository, looking for its scans. */
function firstSnapshot(data: HubData): OverviewSnapshot {
  return { rows: data.repos.map((repo) => overviewRow(repo, {})), project: null, pending: data.repos.length };
}

/** The overview as it loads: rows appear at once and fill in as builds and records are read. */
function useOverview(data: HubData): { snapshot: OverviewSnapshot; error?: Error; reload: () => void } {
  const [snapshot, setSnapshot] = React.useState<OverviewSnapshot>(() => firstSnapshot(data));
  const [error, setError] = React.useState<Error>();
  const [generation, setGeneration] = React.useState(0);
  React.useEffect(() => {
    let cancelled = false;
    setError(undefined);
    loadOverview(data, describeError, (s) => setSnapshot(s), () => cancelled).then(
      (s) => !cancelled && setSnapshot(s),
      (e: unknown) => !cancelled && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      cancelled = true;
    };
  }, [data, generation]);
  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { snapshot, error, reload };
}

export function OverviewTab(): JSX.Element {
  const hub = useHub();
  const { services, permission } = hub;
  const overview = useOverview(hub.data);
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<{ severity: MessageCardSeverity; text: string } | null>(null);
  const selection = React.useMemo(() => new ListSelection({ multiSelect: true, selectOnFocus: false }), []);
  const [selectedCount, setSelectedCount] = React.useState(0);

  React.useEffect(() => {
    const update = () => setSelectedCount(selection.selectedCount);
    selection.subscribe(update);
    return () => selection.unsubscribe(update);
  }, [selection]);

  const rows = overview.snapshot.rows;

  const canEdit = permission.state === 'allowed';

  const switchScanning = async (repoIds: string[], enabled: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      const saved = await setReposEnabled(services, repoIds, enabled, services.context.user);
      setMessage({ severity: MessageCardSeverity.Info, text: `Scanning ${enabled ? 'enabled' : 'disabled'} for ${plural(saved, 'repository', 'repositories')}.` });
      selection.clear();
      overview.reload();
    } catch (e) {
      setMessage({ severity: MessageCardSeverity.Error, text: `Could not ${enabled ? 'enable' : 'disable'} scanning: ${describeError(e)}` });
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

  if (overview.error) return <LoadError what="the overview" error={overview.error} onRetry={overview.reload} />;

  return (
    <div className="palisade-overview flex-column rhythm-vertical-16">
      <CoverageSummary rows={rows} pending={overview.snapshot.pending} />
      {overview.snapshot.settingsError && (
        <MessageCard severity={MessageCardSeverity.Warning} className="palisade-settings-unreadable">
          {`The settings could not be read (${overview.snapshot.settingsError}); the switches show the built-in defaults.`}
        </MessageCard>
      )}
      {message && (
        <MessageCard severity={message.severity} onDismiss={() => setMessage(null)}>
          {message.text}
        </MessageCard>
      )}
      {permission.state === 'denied' && (
        <MessageCard severity={MessageCardSeverity.Info} className="palisade-readonly-note">
          {permission.reason}
        </MessageCard>
      )}
      <Card className="palisade-table-card" contentProps={{ contentPadding: false }}>
        <div className="flex-column flex-grow">
          {canEdit && (
            <div className="flex-row flex-center palisade-toolbar">
              <span className="secondary-text palisade-selected-count">{selectedCount ? `${plural(selectedCount, 'repository', 'repositories')} selected` : 'Select repositories to switch scanning for several at once.'}</span>
              <ButtonGroup className="palisade-bulk-actions">
                <Button text="Enable scanning" disabled={busy || !selectedCount} onClick={() => void switchScanning(selectedRepoIds(), true)} />
                <Button text="Disable scanning" disabled={busy || !selectedCount} onClick={() => void switchScanning(selectedRepoIds(), false)} />
              </ButtonGroup>
            </div>
          )}
          <RepositoriesTable rows={rows} selection={selection} canEdit={canEdit && !busy} canSelect={canEdit} onSorted={setSortedRows} onToggle={(id, on) => void switchScanning([id], on)} />
        </div>
      </Card>
    </div>
  );
}

function CoverageSummary(props: { rows: RepoOverviewRow[]; pending: number }): JSX.Element {
  const settled = props.rows.filter((r) => r.coverage !== 'looking');
  const [total, ...parts] = coverageSummary(settled.length === props.rows.length ? props.rows : settled);
  return (
    <div className="palisade-coverage-summary body-m" aria-live="polite">
      <span className="font-weight-semibold">{settled.length === props.rows.length ? total : plural(props.rows.length, 'repository', 'repositories')}</span>
      {props.pending > 0 && <span className="palisade-coverage-loading secondary-text">{`Reading scans from builds: ${props.rows.length - props.pending} of ${props.rows.length} done`}</span>}
      {parts.map((p) => (
        <span key={p} className="palisade-coverage-chip">{p}</span>
      ))}
    </div>
  );
}
