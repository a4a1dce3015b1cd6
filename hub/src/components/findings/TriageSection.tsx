/**
 * Dismiss (with a reason and a comment) or reopen a finding, and the history of who did what.
 * Saving goes through the contract's read-merge-write; if someone else decided meanwhile, the
 * decision is still recorded (after theirs) and the admin is told.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { TextField } from 'azure-devops-ui/TextField';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { DISMISS_REASONS, MAX_TRIAGE_COMMENT, type DismissReason, type TriageDoc, type TriageEvent } from '../../../../tasks/contract/storage';
import type { FindingRow } from '../../data/findingRows';
import { formatDateTime } from '../../data/format';
import { DISMISS_REASON_LABELS, saveTriage, type TriageDecision } from '../../data/triageActions';
import { describeError } from '../common/errors';
import { useHub } from '../HubContext';

function eventText(e: TriageEvent): string {
  if (e.state === 'dismissed') return `dismissed it as ${e.reason ? DISMISS_REASON_LABELS[e.reason].toLowerCase() : 'not a problem'}`;
  return 'reopened it';
}

export function TriageHistory(props: { triage?: TriageDoc }): JSX.Element | null {
  const history = props.triage?.history ?? [];
  if (!history.length) return null;
  return (
    <section className="palisade-detail-section" aria-label="Triage history">
      <div className="palisade-detail-heading">History</div>
      <ol className="palisade-history">
        {[...history].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} className="palisade-history-item">
            <span className="font-weight-semibold">{e.by.displayName}</span> <span>{eventText(e)}</span>
            <span className="secondary-text">{` · ${formatDateTime(e.at)}`}</span>
            {e.comment ? <div className="palisade-history-comment">{e.comment}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function TriageSection(props: { row: FindingRow; onSaved: (doc: TriageDoc) => void }): JSX.Element {
  const { services } = useHub();
  const { row } = props;
  const [reason, setReason] = React.useState<DismissReason | undefined>();
  const [comment, setComment] = React.useState('');
  const [saving, setSaving] = React.useState(false);
  const [notice, setNotice] = React.useState<{ severity: MessageCardSeverity; text: string } | null>(null);
  const reasonSelection = React.useMemo(() => new DropdownSelection(), []);

  if (row.source.readOnly) {
    return (
      <MessageCard severity={MessageCardSeverity.Info} className="palisade-triage-readonly">
        This finding comes from a build artifact, not from the Security hub, so it cannot be triaged here.
      </MessageCard>
    );
  }
  if (row.state === 'fixed') {
    return <div className="secondary-text palisade-triage-fixed">{`Fixed${row.finding.fixedAt ? ` on ${formatDateTime(row.finding.fixedAt)}` : ''}: it was not found by a later scan.`}</div>;
  }
  if (row.dismissal?.by === 'suppression') {
    return (
      <MessageCard severity={MessageCardSeverity.Info}>
        {`Suppressed by the pipeline (${row.dismissal.kind}${row.display.justification ? `: ${row.display.justification}` : ''}). Change the suppression in the repository to reopen it.`}
      </MessageCard>
    );
  }

  const save = async (decision: TriageDecision) => {
    setSaving(true);
    setNotice(null);
    try {
      const result = await saveTriage(
        services.store,
        { repoId: row.source.repo.id, fingerprint: row.finding.fingerprint, ruleId: row.ruleId, kind: row.kind },
        decision,
        services.context.user,
        { at: row.triage?.at },
      );
      const others = result.concurrent;
      setNotice(
        others.length
          ? {
              severity: MessageCardSeverity.Warning,
              text: `${others[others.length - 1].by.displayName} ${eventText(others[others.length - 1])} while you had it open. Your decision was recorded after theirs; both are in the history.`,
            }
          : { severity: MessageCardSeverity.Info, text: decision.state === 'dismissed' ? 'Dismissed.' : 'Reopened.' },
      );
      setComment('');
      setReason(undefined);
      reasonSelection.clear();
      props.onSaved(result.doc);
    } catch (e) {
      setNotice({ severity: MessageCardSeverity.Error, text: `Not saved: ${describeError(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const commentField = (
    <FormItem label="Comment (optional)" className="palisade-triage-comment">
      <TextField
        value={comment}
        onChange={(_e, v) => setComment(v.slice(0, MAX_TRIAGE_COMMENT))}
        multiline
        rows={3}
        placeholder="Why, for whoever reads this later"
        ariaLabel="Triage comment"
        maxLength={MAX_TRIAGE_COMMENT}
      />
    </FormItem>
  );

  return (
    <section className="palisade-detail-section palisade-triage" aria-label="Triage">
      <div className="palisade-detail-heading">Triage</div>
      {notice && (
        <MessageCard severity={notice.severity} onDismiss={() => setNotice(null)} className="palisade-triage-notice">
          {notice.text}
        </MessageCard>
      )}
      {row.state === 'open' ? (
        <div className="rhythm-vertical-8">
          <FormItem label="Reason">
            <Dropdown
              className="palisade-dismiss-reason"
              ariaLabel="Dismiss reason"
              placeholder="Choose a reason"
              items={DISMISS_REASONS.map((r) => ({ id: r, text: DISMISS_REASON_LABELS[r] }))}
              selection={reasonSelection}
              onSelect={(_e, item) => setReason(item.id as DismissReason)}
            />
          </FormItem>
          {commentField}
          <Button text="Dismiss finding" primary disabled={!reason || saving} onClick={() => reason && void save({ state: 'dismissed', reason, comment })} />
        </div>
      ) : (
        <div className="rhythm-vertical-8">
          {row.dismissal?.by === 'triage' && (
            <div className="palisade-dismissal">
              {`Dismissed as ${row.dismissal.reason ? DISMISS_REASON_LABELS[row.dismissal.reason].toLowerCase() : 'not a problem'} by ${row.dismissal.who} on ${formatDateTime(row.dismissal.at)}.`}
              {row.dismissal.comment ? <div className="palisade-history-comment">{row.dismissal.comment}</div> : null}
            </div>
          )}
          {commentField}
          <Button text="Reopen finding" disabled={saving} onClick={() => void save({ state: 'open', comment })} />
        </div>
      )}
    </section>
  );
}
