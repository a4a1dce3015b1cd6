/**
 * The findings table: virtualized (only visible rows are rendered, so 10,000 findings scroll
 * smoothly), sortable by column, keyboard navigable; Enter or a click opens a finding.
 */
import * as React from 'react';
import { ColumnSorting, SimpleTableCell, SortOrder, Table, TwoLineTableCell, type ITableColumn } from 'azure-devops-ui/Table';
import { Tooltip } from 'azure-devops-ui/TooltipEx';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';
import type { FindingRow } from '../data/findingRows';
import type { SortKey } from '../data/findingsFilter';
import { formatDate, formatDateTime, refLabel } from '../data/format';
import { CONTEXT_TAGS, DISMISS_REASON_LABELS, KIND_LABELS, STATE_LABELS } from '../data/findingLabels';
import { SeverityPill } from './Severity';

export interface FindingsSort {
  key: SortKey;
  descending: boolean;
}

function stateText(row: FindingRow): string {
  if (row.state !== 'dismissed' || !row.dismissal) return STATE_LABELS[row.state];
  if (row.dismissal.by === 'triage') return `Dismissed: ${row.dismissal.reason ? DISMISS_REASON_LABELS[row.dismissal.reason] : 'no reason'}`;
  return `Suppressed (${row.dismissal.kind})`;
}

export function FindingsTable(props: {
  rows: FindingRow[];
  className?: string;
  showRepository: boolean;
  sort: FindingsSort;
  onSort: (sort: FindingsSort) => void;
  onOpen: (row: FindingRow) => void;
}): JSX.Element {
  const { sort, onSort, onOpen, showRepository } = props;
  const columns = React.useMemo(() => {
    const sortProps = (key: SortKey) => ({
      sortOrder: sort.key === key ? (sort.descending ? SortOrder.descending : SortOrder.ascending) : undefined,
      ariaLabelAscending: 'Sorted ascending',
      ariaLabelDescending: 'Sorted descending',
    });
    const cols: Array<ITableColumn<FindingRow> & { sortKey?: SortKey }> = [
      {
        id: 'severity',
        sortKey: 'severity',
        name: 'Severity',
        width: 110,
        sortProps: sortProps('severity'),
        renderCell: (_r, col, column, row) => (
          <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
            <SeverityPill severity={row.severity} />
          </SimpleTableCell>
        ),
      },
      {
        id: 'rule',
        sortKey: 'rule',
        name: 'Finding',
        width: -45,
        sortProps: sortProps('rule'),
        renderCell: (_r, col, column, row) => (
          <TwoLineTableCell
            key={column.id}
            columnIndex={col}
            tableColumn={column}
            line1={
              <Tooltip text={row.display.message} overflowOnly>
                <span className="text-ellipsis palisade-finding-message" data-rule={row.ruleId}>
                  {row.display.message}
                </span>
              </Tooltip>
            }
            line2={<span className="secondary-text text-ellipsis">{`${row.display.ruleId} · ${KIND_LABELS[row.kind]}${row.finding.isNew && row.source.pullRequestId !== undefined ? ' · new in this pull request' : ''}`}</span>}
          />
        ),
      },
      {
        id: 'location',
        sortKey: 'location',
        name: 'Location',
        width: -30,
        sortProps: sortProps('location'),
        renderCell: (_r, col, column, row) => (
          <TwoLineTableCell
            key={column.id}
            columnIndex={col}
            tableColumn={column}
            line1={
              <Tooltip text={`${row.display.path}:${row.finding.region.startLine}`} overflowOnly>
                <span className="text-ellipsis palisade-path">{`${row.display.path}:${row.finding.region.startLine}`}</span>
              </Tooltip>
            }
            line2={<span className="secondary-text text-ellipsis">{`${showRepository ? `${row.source.repo.name} · ${refLabel(row.source.ref)}` : refLabel(row.source.ref)}${CONTEXT_TAGS[row.context]}`}</span>}
          />
        ),
      },
      {
        id: 'state',
        sortKey: 'state',
        name: 'State',
        width: -15,
        sortProps: sortProps('state'),
        renderCell: (_r, col, column, row) => (
          <SimpleTableCell key={column.id} columnIndex={col} tableColumn={column}>
            <span className={`palisade-state palisade-state-${row.state} text-ellipsis`}>{stateText(row)}</span>
          </SimpleTableCell>
        ),
      },
      {
        id: 'lastSeen',
        sortKey: 'lastSeen',
        name: 'Seen',
        width: -15,
        sortProps: sortProps('lastSeen'),
        renderCell: (_r, col, column, row) => (
          <TwoLineTableCell
            key={column.id}
            columnIndex={col}
            tableColumn={column}
            line1={<span className="text-ellipsis" title={formatDateTime(row.finding.lastSeenAt)}>{`Last ${formatDate(row.finding.lastSeenAt)}`}</span>}
            line2={<span className="secondary-text text-ellipsis" title={formatDateTime(row.finding.firstSeenAt)}>{row.finding.firstSeenAt ? `First ${formatDate(row.finding.firstSeenAt)}` : 'First seen unknown'}</span>}
          />
        ),
      },
    ];
    return cols;
  }, [sort, showRepository]);

  const sorting = React.useMemo(
    () =>
      new ColumnSorting<FindingRow>((columnIndex, proposed) => {
        const key = (columns[columnIndex] as { sortKey?: SortKey }).sortKey;
        if (key) onSort({ key, descending: proposed === SortOrder.descending });
      }),
    [columns, onSort],
  );
  const provider = React.useMemo(() => new ArrayItemProvider(props.rows), [props.rows]);

  return (
    <Table<FindingRow>
      className={`palisade-findings-table ${props.className ?? ''}`}
      ariaLabel="Findings"
      columns={columns}
      itemProvider={provider}
      behaviors={[sorting]}
      singleClickActivation
      onActivate={(_e, row) => onOpen(row.data)}
      showLines
    />
  );
}
