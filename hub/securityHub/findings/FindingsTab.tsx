/**
 * Findings of one repository or all: the latest scan of the chosen branch or pull request,
 * filtered and sorted in the browser, with a detail panel for triage.
 */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import { withTriage, type FindingRow } from '../../shared/data/findingRows';
import { filterRows, ruleIdsOf, sortRows } from '../../shared/data/findingsFilter';
import { loadFindings } from '../data/findingsLoader';
import { plural } from '../../shared/data/format';
import { findRepo } from '../../shared/data/model';
import type { RuleCatalog } from '../../shared/data/ruleHelp';
import { useAsync } from '../../shared/hooks/useAsync';
import { describeError } from '../../shared/components/errors';
import { Empty, Loading, LoadError } from '../../shared/components/LoadState';
import { useHub } from '../HubContext';
import { FindingDetailPanel } from './FindingDetailPanel';
import { FILTER_KEYS, FindingsFilterBar, filterFromState, refFromState, useFilterState, useFindingsFilter } from './FindingsFilterBar';
import { FindingsTable, type FindingsSort } from '../../shared/components/FindingsTable';
import { RepositoryPicker } from './RepositoryPicker';

export function FindingsTab(): JSX.Element {
  const hub = useHub();
  const { services, repos, route, navigate } = hub;
  const repo = findRepo(repos, route.repo);
  const scope = React.useMemo(() => (repo ? [repo] : repos), [repo, repos]);
  const data = useAsync(
    () => loadFindings(hub.data, scope, { branch: route.branch, pr: route.pr }, describeError),
    [hub.data, scope, route.branch, route.pr],
  );

  // Triage saved in this session, applied to the loaded rows without reloading the scan.
  // A value of null: reopened (the entry was removed).
  const [triaged, setTriaged] = React.useState<ReadonlyMap<string, TriageEntry | null>>(new Map());
  const allRows = React.useMemo(() => {
    if (data.status !== 'ready') return [];
    if (!triaged.size) return data.value.rows;
    return data.value.rows.map((r) => {
      const key = `${r.source.repo.id}:${r.finding.fingerprint}`;
      return triaged.has(key) ? withTriage(r, triaged.get(key) ?? undefined) : r;
    });
  }, [data, triaged]);

  const filter = useFindingsFilter({ branch: route.branch, pr: route.pr });
  const filterState = useFilterState(filter);
  const criteria = React.useMemo(() => filterFromState(filterState), [filterState]);
  const [sort, setSort] = React.useState<FindingsSort>({ key: 'severity', descending: false });
  const visible = React.useMemo(() => sortRows(filterRows(allRows, criteria), sort.key, sort.descending), [allRows, criteria, sort]);
  const rules = React.useMemo(() => ruleIdsOf(allRows), [allRows]);

  // Branch and PR choose what is loaded: they go into the URL (one or the other).
  React.useEffect(() => {
    const wanted = refFromState(filterState);
    if (wanted.branch === route.branch && wanted.pr === route.pr) return;
    if (wanted.pr && wanted.pr !== route.pr) navigate({ pr: wanted.pr, branch: undefined, finding: undefined });
    else if (wanted.branch && wanted.branch !== route.branch) navigate({ branch: wanted.branch, pr: undefined, finding: undefined });
    else navigate({ branch: wanted.branch, pr: wanted.pr, finding: undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterState]);
  // ...and the URL (back/forward, deep links) is mirrored into the filter bar.
  React.useEffect(() => {
    const shown = refFromState(filter.getState());
    if (shown.branch !== route.branch) filter.setFilterItemState(FILTER_KEYS.branch, { value: route.branch ? [route.branch] : [] });
    if (shown.pr !== route.pr) filter.setFilterItemState(FILTER_KEYS.pr, { value: route.pr ? [String(route.pr)] : [] });
  }, [filter, route.branch, route.pr]);

  const catalog = useAsync<RuleCatalog>(() => services.ruleCatalog(), [services]);

  const openRow = React.useMemo(() => {
    if (!route.finding) return undefined;
    return allRows.find((r) => r.finding.fingerprint === route.finding && (!repo || r.source.repo.id === repo.id));
  }, [route.finding, allRows, repo]);

  const onOpen = React.useCallback((row: FindingRow) => navigate({ finding: row.finding.fingerprint }), [navigate]);

  const header = (
    <div className="flex-row flex-center flex-wrap palisade-findings-header rhythm-horizontal-8">
      <RepositoryPicker repos={repos} value={repo?.id} allowAll onChange={(id) => navigate({ repo: id, branch: undefined, pr: undefined, finding: undefined })} />
      {data.status === 'ready' && (
        <span className="secondary-text palisade-findings-count" aria-live="polite">
          {`Showing ${visible.length.toLocaleString()} of ${plural(allRows.length, 'finding')}`}
        </span>
      )}
    </div>
  );

  let body: JSX.Element;
  if (data.status === 'loading') body = <Loading label="Loading findings..." />;
  else if (data.status === 'error') body = <LoadError what="the findings" error={data.error} onRetry={data.reload} />;
  else {
    const notes = data.value.repos.map((r) => r.note).filter((n): n is NonNullable<typeof n> => !!n);
    const showNotes = repo ? notes : notes.filter((n) => n.kind === 'error');
    body = (
      <div className="flex-column rhythm-vertical-16">
        {data.value.triageError && (
          <MessageCard severity={MessageCardSeverity.Warning} className="palisade-note-triage">
            {data.value.triageError}
          </MessageCard>
        )}
        {showNotes.map((n, i) => (
          <MessageCard key={i} severity={n.kind === 'error' ? MessageCardSeverity.Error : MessageCardSeverity.Info} className={`palisade-note-${n.kind}`}>
            {n.text}
          </MessageCard>
        ))}
        <FindingsFilterBar filter={filter} rules={rules} branches={data.value.branches} prs={data.value.prs} />
        {!allRows.length ? (
          <Empty
            title={repo ? 'No findings' : 'No findings in any repository'}
            text={
              notes.some((n) => n.kind === 'noScan' || n.kind === 'noRef')
                ? 'There is no scan to show here yet. Add the Palisade task to the pipeline (see Settings) and run it.'
                : 'The latest scan found nothing. Scanned, 0 findings.'
            }
            icon="Shield"
            actionText={notes.some((n) => n.kind === 'noScan') ? 'How to set up scanning' : undefined}
            onAction={() => navigate({ tab: 'settings' })}
          />
        ) : !visible.length && !allRows.some((r) => r.state === 'open') ? (
          // Everything was dismissed or fixed: say so with the numbers, not "nothing matches".
          <Empty
            title={noOpenTitle(allRows)}
            text="Nothing here fails a build. Choose Dismissed or Fixed in the State filter to see them."
            icon="Shield"
            actionText="Clear filters"
            onAction={() => filter.reset()}
          />
        ) : !visible.length ? (
          <Empty title="No findings match the filters" text="Change or clear the filters to see more." icon="Filter" actionText="Clear filters" onAction={() => filter.reset()} />
        ) : (
          <Card className="palisade-table-card" contentProps={{ contentPadding: false }}>
            <FindingsTable rows={visible} showRepository={!repo} sort={sort} onSort={setSort} onOpen={onOpen} />
          </Card>
        )}
        {openRow && (
          <FindingDetailPanel
            key={openRow.key}
            row={openRow}
            catalog={catalog.status === 'ready' ? catalog.value : undefined}
            onClose={() => navigate({ finding: undefined })}
            onTriaged={(entry) => setTriaged((m) => new Map(m).set(`${openRow.source.repo.id}:${openRow.finding.fingerprint}`, entry ?? null))}
          />
        )}
        {route.finding && !openRow && (
          <MessageCard severity={MessageCardSeverity.Warning} onDismiss={() => navigate({ finding: undefined }, { replace: true })}>
            The linked finding is not in this scan: it may have been fixed, or it belongs to another branch or pull request.
          </MessageCard>
        )}
      </div>
    );
  }

  return (
    <div className="palisade-findings flex-column rhythm-vertical-16">
      {header}
      {body}
    </div>
  );
}

/** "No open findings (12 dismissed, 3 fixed)": what became of the findings there are. */
export function noOpenTitle(rows: readonly FindingRow[]): string {
  const dismissed = rows.filter((r) => r.state === 'dismissed').length;
  const fixed = rows.filter((r) => r.state === 'fixed').length;
  const parts = [dismissed ? `${dismissed.toLocaleString()} dismissed` : '', fixed ? `${fixed.toLocaleString()} fixed` : ''].filter(Boolean);
  return `No open findings${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
