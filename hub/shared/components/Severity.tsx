/** Severity shown the same way everywhere: a coloured pill, and counts per severity. */
import * as React from 'react';
import { Pill, PillSize, PillVariant } from 'azure-devops-ui/Pill';
import { PillGroup, PillGroupOverflow } from 'azure-devops-ui/PillGroup';
import { SEVERITIES, type Severity } from '../../../tasks/contract/findings';
import type { SeverityCounts } from '../../../tasks/contract/scanRecord';

// Colours readable with dark text in both themes.
const COLORS: Record<Severity, { red: number; green: number; blue: number }> = {
  critical: { red: 232, green: 17, blue: 35 },
  high: { red: 247, green: 99, blue: 12 },
  medium: { red: 255, green: 185, blue: 0 },
  low: { red: 0, green: 120, blue: 212 },
  note: { red: 138, green: 136, blue: 134 },
};

export const SEVERITY_LABELS: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', note: 'Note' };

export function SeverityPill(props: { severity: Severity; count?: number }): JSX.Element {
  const label = SEVERITY_LABELS[props.severity];
  return (
    <Pill
      className={`palisade-severity palisade-severity-${props.severity}`}
      size={PillSize.compact}
      variant={PillVariant.colored}
      color={COLORS[props.severity]}
      ariaLabel={props.count === undefined ? `${label} severity` : `${props.count.toLocaleString()} ${label}`}
      excludeFocusZone
    >
      {props.count === undefined ? label : `${props.count.toLocaleString()} ${label}`}
    </Pill>
  );
}

/** Non-zero counts as pills, most severe first; "None" when all are zero. */
export function SeverityCountPills(props: { counts: SeverityCounts }): JSX.Element {
  const present = SEVERITIES.filter((s) => (props.counts[s] ?? 0) > 0);
  if (!present.length) return <span className="secondary-text">None</span>;
  return (
    <PillGroup className="palisade-counts" overflow={PillGroupOverflow.wrap}>
      {present.map((s) => (
        <SeverityPill key={s} severity={s} count={props.counts[s]} />
      ))}
    </PillGroup>
  );
}
