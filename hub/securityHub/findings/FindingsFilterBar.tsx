/**
 * The Findings tab's filter bar: text, severity, kind, rule, state and where (test paths or not) narrow the loaded rows;
 * branch and pull request choose which scan is loaded (they are part of the URL).
 */
import * as React from 'react';
import { DropdownFilterBarItem } from 'azure-devops-ui/Dropdown';
import { FilterBar } from 'azure-devops-ui/FilterBar';
import { KeywordFilterBarItem } from 'azure-devops-ui/TextFilterBarItem';
import { DropdownMultiSelection, DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { Filter, FILTER_CHANGE_EVENT, type IFilterState } from 'azure-devops-ui/Utilities/Filter';
import { FINDING_KINDS, SEVERITIES, type FindingKind, type Severity } from '../../../tasks/contract/findings';
import { FINDING_CONTEXTS, type FindingContext, type FindingState } from '../../shared/data/findingRows';
import { DEFAULT_STATES, type FindingsFilter } from '../../shared/data/findingsFilter';
import { CONTEXT_LABELS, KIND_LABELS, STATE_LABELS } from '../../shared/data/findingLabels';
import { SEVERITY_LABELS } from '../../shared/components/Severity';

/** Filter keys; also the ids tests and screen readers see. */
export const FILTER_KEYS = { text: 'text', severity: 'severity', kind: 'kind', rule: 'rule', state: 'state', where: 'where', branch: 'branch', pr: 'pr' } as const;

function values<T extends string>(state: IFilterState, key: string): T[] {
  const v = state[key]?.value as unknown;
  return Array.isArray(v) ? (v as T[]) : [];
}

export function filterFromState(state: IFilterState): FindingsFilter {
  return {
    text: typeof state[FILTER_KEYS.text]?.value === 'string' ? (state[FILTER_KEYS.text]?.value as string) : '',
    severities: values<Severity>(state, FILTER_KEYS.severity),
    kinds: values<FindingKind>(state, FILTER_KEYS.kind),
    rules: values<string>(state, FILTER_KEYS.rule),
    states: values<FindingState>(state, FILTER_KEYS.state),
    contexts: values<FindingContext>(state, FILTER_KEYS.where),
  };
}

export function refFromState(state: IFilterState): { branch?: string; pr?: number } {
  const branch = values<string>(state, FILTER_KEYS.branch)[0];
  const pr = Number(values<string>(state, FILTER_KEYS.pr)[0]);
  return { branch: branch || undefined, pr: Number.isInteger(pr) && pr > 0 ? pr : undefined };
}

/** One Filter per tab; the default state shows open findings. */
export function useFindingsFilter(initialRef: { branch?: string; pr?: number }): Filter {
  return React.useMemo(() => {
    const f = new Filter({ defaultState: { [FILTER_KEYS.state]: { value: [...DEFAULT_STATES] } } });
    const state: IFilterState = { [FILTER_KEYS.state]: { value: [...DEFAULT_STATES] } };
    if (initialRef.branch) state[FILTER_KEYS.branch] = { value: [initialRef.branch] };
    if (initialRef.pr) state[FILTER_KEYS.pr] = { value: [String(initialRef.pr)] };
    f.setState(state, true);
    return f;
    // The filter lives as long as the tab; later route changes are pushed into it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

export function useFilterState(filter: Filter): IFilterState {
  const [state, setState] = React.useState<IFilterState>(() => filter.getState());
  React.useEffect(() => {
    const onChange = () => setState({ ...filter.getState() });
    filter.subscribe(onChange, FILTER_CHANGE_EVENT);
    return () => filter.unsubscribe(onChange, FILTER_CHANGE_EVENT);
  }, [filter]);
  return state;
}

export function FindingsFilterBar(props: { filter: Filter; rules: string[]; branches: string[]; prs: number[] }): JSX.Element {
  const selections = React.useMemo(
    () => ({
      severity: new DropdownMultiSelection(),
      kind: new DropdownMultiSelection(),
      rule: new DropdownMultiSelection(),
      state: new DropdownMultiSelection(),
      where: new DropdownMultiSelection(),
      branch: new DropdownSelection(),
      pr: new DropdownSelection(),
    }),
    [],
  );
  return (
    <FilterBar filter={props.filter} className="palisade-filter-bar">
      <KeywordFilterBarItem filterItemKey={FILTER_KEYS.text} placeholder="Filter by text, path or rule" throttleWait={30} />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.severity}
        filter={props.filter}
        items={SEVERITIES.map((s) => ({ id: s, text: SEVERITY_LABELS[s] }))}
        selection={selections.severity}
        placeholder="Severity"
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.kind}
        filter={props.filter}
        items={FINDING_KINDS.map((k) => ({ id: k, text: KIND_LABELS[k] }))}
        selection={selections.kind}
        placeholder="Kind"
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.rule}
        filter={props.filter}
        items={props.rules.map((r) => ({ id: r, text: r }))}
        selection={selections.rule}
        placeholder="Rule"
        showFilterBox
        noItemsText="No rules"
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.state}
        filter={props.filter}
        items={(['open', 'dismissed', 'fixed'] as const).map((s) => ({ id: s, text: STATE_LABELS[s] }))}
        selection={selections.state}
        placeholder="State"
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.where}
        filter={props.filter}
        items={FINDING_CONTEXTS.map((c) => ({ id: c, text: CONTEXT_LABELS[c] }))}
        selection={selections.where}
        placeholder="Where"
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.branch}
        filter={props.filter}
        items={props.branches.map((b) => ({ id: b, text: b }))}
        selection={selections.branch}
        placeholder="Branch"
        noItemsText="No scanned branches"
        showFilterBox={props.branches.length > 8}
      />
      <DropdownFilterBarItem
        filterItemKey={FILTER_KEYS.pr}
        filter={props.filter}
        items={props.prs.map((p) => ({ id: String(p), text: `PR ${p}` }))}
        selection={selections.pr}
        placeholder="Pull request"
        noItemsText="No scanned pull requests"
        showFilterBox={props.prs.length > 8}
      />
    </FilterBar>
  );
}
