/** The overview's table: one row per repository, sortable, with a selection column for bulk actions. */
import * as React from 'react';
import { Link } from 'azure-devops-ui/Link';
import { ColumnSelect, ColumnSorting, SimpleTableCell, SortOrder, Table, TwoLineTableCell, type ITableColumn } from 'azure-devops-ui/Table';
import { Toggle } from 'azure-devops-ui/Toggle';
import type { ListSelection } from 'azure-devops-ui/List';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';
import { SEVERITIES } from '../../../tasks/contract/findings';
import { compareOverviewRows, coverageLabel, type RepoOverviewRow } from '../../shared/data/coverage';
import { formatDateTime, refLabel } from '../../shared/data/format';
import { shortBranch } from '../../shared/data/model';
import { SeverityCountPills } from '../../shared/components/Severity';
import { CoverageStatus, OutcomeStatus } from '../../shared/components/StatusBadges';
import { useHub } from '../HubContext';

type SortKey = 'name' | 'enabled' | 'coverage' | 'lastScan' | 'findings';

/** Most severe first: compares counts severity by severity. */
function compareCounts(a: RepoOverviewRow, b: RepoOverviewRow): number {
  for (const s of SEVERITIES) {
    const d = (a.counts[s] ?? 0) - (b.counts[s] ?? 0);
    if (d) return d;
  }
  return 0;
}

const COMPARE: Record<SortKey, (a: RepoOverviewRow, b: RepoOverviewRow) => number> = {
  name: (a, b) => a.repo.name.localeCompare(b.repo.name),
  enabled: (a, b) => Number(a.settings.enabled) - Number(b.settings.enabled),
  coverage: compareOverviewRows,
  lastScan: (a, b) => (a.scan?.finishedAt ?? '').localeCompare(b.scan?.finishedAt ?? ''),
  findings: compareCounts,
};

export function RepositoriesTable(props: {
  rows: RepoOverviewRow[];
  selection: ListSelection;
  canEdit: boolean;
  /** Show the selection column (users who may change settings). */
  canSelect: boolean;
  onSorted: (rows: RepoOverviewRow[]) => void;
  onToggle: (repoId: string, enabled: boolean) => void;
}): JSX.Element {
  const { navigate } = useHub();
  const [sort, setSort] = React.useState<{ key: SortKey; order: SortOrder }>({ key: 'name', order: SortOrder.ascending });
  const sorted = React.useMemo(() => {
    const sign = sort.order === SortOrder.ascending ? 1 : -1;
    return [...props.rows].sort((a, b) => sign * COMPARE[sort.key](a, b) || a.repo.name.localeCompare(b.repo.name));
  }, [props.rows, sort]);
  const { onSorted, selection } = props;
  React.useEffect(() => {
    onSorted(sorted);
  }, [sorted, onSorted]);

  const openFindings = (row: RepoOverviewRow) => navigate({ tab: 'findings', repo: row.repo.id, pr: undefined, branch: undefined, finding: undefined });

  const sortProps = (key: SortKey) => ({ sortOrder: sort.key === key ? sort.order : undefined, ariaLabelAscending: 'Sorted A to Z', ariaLabelDescending: 'Sorted Z to A' });
  const columns: ITableColumn<RepoOverviewRow>[] = [
    // Only those who may switch scanning get the selection column for switching several at once.
    ...(props.canSelect ? [new ColumnSelect() as unknown as ITableColumn<RepoOverviewRow>] : []),
    {
      id: 'name',
      name: 'Repository',
      width: -24,
      sortProps: sortProps('name'),
      renderCell: (_r, col, column, row) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={
            <Link className="palisade-repo-link font-weight-semibold" onClick={(e) => { e.preventDefault(); openFindings(row); }} href="#" excludeTabStop={false}>
              {row.repo.name}
            </Link>
          }
          line2={<span className="secondary-text">{row.repo.isDisabled ? 'disabled in Repos' : row.repo.defaultBranch ? shortBranch(row.repo.defaultBranch) : 'empty repository'}{row.hasOverrides ? ' · own settings' : ''}</span>}
        />
      ),
    },
    {
      id: 'enabled',
      name: 'Scanning',
      width: 130,
      sortProps: sortProps('enabled'),
      renderCell: (_r, col, column, row) => (
        <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
          <Toggle
            className="palisade-scan-toggle"
            // Disabled in Repos: no pipeline can build it, so its scanning is off whatever the setting.
            checked={row.settings.enabled && !row.repo.isDisabled}
            disabled={!props.canEdit || !!row.repo.isDisabled}
            onText="On"
            offText="Off"
            ariaLabel={row.repo.isDisabled ? `Scanning for ${row.repo.name}: unavailable, the repository is disabled in Repos` : `Scanning for ${row.repo.name}`}
            onChange={(e, checked) => {
              // The switch is not a click on the row: it must not select or open it.
              e.stopPropagation();
              props.onToggle(row.repo.id, checked);
            }}
          />
        </SimpleTableCell>
      ),
    },
    {
      id: 'coverage',
      name: 'Coverage',
      width: -18,
      sortProps: sortProps('coverage'),
      renderCell: (_r, col, column, row) => (
        <TwoLineTableCell
          key={column.id}
          columnIndex={col}
          tableColumn={column}
          line1={<CoverageStatus coverage={row.coverage} label={coverageLabel(row)} />}
          line2={<span className="secondary-text palisade-note">{row.note ?? (row.scan ? `on ${refLabel(row.scan.branch)}` : '')}</span>}
        />
      ),
    },
    {
      id: 'lastScan',
      name: 'Last scan',
      width: -22,
      sortProps: sortProps('lastScan'),
      renderCell: (_r, col, column, row) =>
        row.scan ? (
          <TwoLineTableCell
            key={column.id}
            columnIndex={col}
            tableColumn={column}
            line1={<OutcomeStatus outcome={row.scan.outcome} />}
            line2={
              <span className="secondary-text">
                {formatDateTime(row.scan.finishedAt)}
                {' · '}
                <Link
                  className="palisade-log-link"
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ tab: 'scans', repo: row.repo.id, scan: row.scan?.scanId });
                  }}
                >
                  View log
                </Link>
              </span>
            }
          />
        ) : (
          <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
            <span className="secondary-text">-</span>
          </SimpleTableCell>
        ),
    },
    {
      id: 'findings',
      name: 'Open findings',
      width: -36,
      sortProps: sortProps('findings'),
      renderCell: (_r, col, column, row) => (
        <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
          {row.scan ? <SeverityCountPills counts={row.counts} /> : <span className="secondary-text">{row.coverage === 'looking' ? '...' : '-'}</span>}
        </SimpleTableCell>
      ),
    },
  ];

  const keys: (SortKey | null)[] = [...(props.canSelect ? [null] : []), 'name', 'enabled', 'coverage', 'lastScan', 'findings'];
  const sorting = React.useMemo(
    () =>
      new ColumnSorting<RepoOverviewRow>((columnIndex, proposed) => {
        const key = keys[columnIndex];
        if (!key) return;
        selection.clear();
        setSort({ key, order: proposed });
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [selection, props.canSelect],
  );

  const provider = React.useMemo(() => new ArrayItemProvider(sorted), [sorted]);
  return (
    <Table<RepoOverviewRow>
      className="palisade-repos-table"
      ariaLabel="Repositories"
      columns={columns}
      itemProvider={provider}
      selection={props.canSelect ? selection : undefined}
      behaviors={[sorting]}
      showLines
    />
  );
}
