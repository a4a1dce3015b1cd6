/**
 * The hub's finding panel: the shared detail panel with links into this project and, below it,
 * triage (dismiss or reopen).
 */
import * as React from 'react';
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import type { FindingRow } from '../../shared/data/findingRows';
import type { RuleCatalog, RuleHelp } from '../../shared/data/ruleHelp';
import { FindingDetailPanel as FindingDetail } from '../../shared/components/FindingDetailPanel';
import { useHub } from '../HubContext';
import { TriageSection } from './TriageSection';

export function FindingDetailPanel(props: {
  row: FindingRow;
  catalog?: RuleCatalog;
  sarifRules?: ReadonlyMap<string, RuleHelp>;
  onClose: () => void;
  onTriaged: (entry: TriageEntry | undefined) => void;
}): JSX.Element {
  const { services } = useHub();
  return (
    <FindingDetail row={props.row} catalog={props.catalog} sarifRules={props.sarifRules} onClose={props.onClose} context={services.context}>
      <TriageSection row={props.row} onSaved={props.onTriaged} />
    </FindingDetail>
  );
}
