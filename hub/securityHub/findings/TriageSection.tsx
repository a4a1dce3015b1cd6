/**
 * Triage of one finding, through the channel Azure DevOps attributes and guards:
 * - a branch finding is dismissed (reason, comment) or reopened here, stored in the project's
 *   properties with the user's token; only holders of *Manage project properties* may, so the
 *   controls are disabled for others, with the reason;
 * - a pull request's finding is dismissed on the pull request (a `/palisade dismiss` reply on its
 *   thread); the hub shows the dismissal the build honoured, and those it ignored and why.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { Link } from 'azure-devops-ui/Link';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { TextField } from 'azure-devops-ui/TextField';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import type { TriageEntry } from '../../../tasks/contract/projectSettings';
import { prDismissCommand } from '../../../tasks/contract/prDismiss';
import { DISMISS_REASONS, MAX_TRIAGE_COMMENT, type DismissReason, type IgnoredDismissal } from '../../../tasks/contract/triage';
import type { FindingRow, RowDismissal } from '../../shared/data/findingRows';
import { formatDateTime } from '../../shared/data/format';
import { pullRequestUrl } from '../../shared/data/links';
import { DISMISS_REASON_LABELS } from '../../shared/data/findingLabels';
import { saveTriage, type TriageDecision } from '../data/triageActions';
import { describeError } from '../../shared/components/errors';
import { useHub } from '../HubContext';

const CHANNEL_TEXT: Record<string, string> = {
  projectTriage: 'in the Security hub',
  pullRequestReply: 'on the pull request',
  pullRequestThreadStatus: "on the pull request (thread resolved as won't fix)",
  extensionData: 'in extension data',
};

function reasonText(reason: DismissReason | undefined): string {
  return reason ? DISMISS_REASON_LABELS[reason].toLowerCase() : 'not a problem';
}

/** Who dismissed it, where, when and why, as the service recorded it. */
function DismissalLine(props: { dismissal: Extract<RowDismissal, { by: 'triage' }> }): JSX.Element {
  const d = props.dismissal;
  return (
    <div className="palisade-dismissal">
      {`Dismissed as ${reasonText(d.reason)} by ${d.who} ${CHANNEL_TEXT[d.channel] ?? ''} on ${formatDateTime(d.at)}.`}
      {d.comment ? <div className="palisade-history-comment">{d.comment}</div> : null}
    </div>
  );
}

function IgnoredDismissals(props: { ignored?: IgnoredDismissal[] }): JSX.Element | null {
  if (!props.ignored?.length) return null;
  return (
    <div className="palisade-ignored-dismissals">
      <div className="secondary-text">Dismissals the build did not honour:</div>
      <ul>
        {props.ignored.map((d, i) => (
          <li key={i}>{`${d.by?.displayName ?? 'Someone'} ${CHANNEL_TEXT[d.channel] ?? ''}${d.at ? ` on ${formatDateTime(d.at)}` : ''}: ${d.why}`}</li>
        ))}
      </ul>
    </div>
  );
}

function PullRequestTriage(props: { row: FindingRow }): JSX.Element {
  const { services } = useHub();
  const { row } = props;
  const prId = row.source.pullRequestId as number;
  const prDismissal = row.dismissal?.by === 'triage' && row.dismissal.channel !== 'projectTriage' ? row.dismissal : undefined;
  return (
    <div className="rhythm-vertical-8 palisade-pr-triage">
      {prDismissal ? (
        <DismissalLine dismissal={prDismissal} />
      ) : (
        <p>
          {'Findings of a pull request are dismissed on the pull request: someone other than its author replies '}
          <code className="palisade-dismiss-command">{prDismissCommand('falsePositive')}</code>
          {' (or accepted-risk, used-in-tests, then a comment) on the finding\'s comment thread. The next build honours it and the hub shows who and when.'}
        </p>
      )}
      <Link href={pullRequestUrl(services.context.collectionUri, services.context.projectName, row.source.repo, prId)} target="_blank" rel="noopener noreferrer">
        {`Open pull request ${prId}`}
      </Link>
    </div>
  );
}

export function TriageSection(props: { row: FindingRow; onSaved: (entry: TriageEntry | undefined) => void }): JSX.Element {
  const { services, permission } = useHub();
  const { row } = props;
  const [reason, setReason] = React.useState<DismissReason | undefined>();
  const [comment, setComment] = React.useState('');
  const [saving, setSaving] = React.useState(false);
  const [notice, setNotice] = React.useState<{ severity: MessageCardSeverity; text: string } | null>(null);
  const reasonSelection = React.useMemo(() => new DropdownSelection(), []);

  if (row.source.readOnly) {
    return (
      <MessageCard severity={MessageCardSeverity.Info} className="palisade-triage-readonly">
        This finding comes from a SARIF file without a Palisade scan record, so it cannot be triaged here.
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

  const canEdit = permission.state === 'allowed';
  const save = async (decision: TriageDecision) => {
    setSaving(true);
    setNotice(null);
    try {
      const result = await saveTriage(
        services,
        { repoId: row.source.repo.id, fingerprint: row.finding.fingerprint, ruleId: row.ruleId, path: row.finding.path },
        decision,
        services.context.user,
        { at: row.triage?.at },
      );
      const other = result.concurrent;
      setNotice(
        other
          ? {
              severity: MessageCardSeverity.Warning,
              text: `${other.by.displayName} dismissed it as ${reasonText(other.reason)} on ${formatDateTime(other.at)} while you had it open. Your decision replaced theirs.`,
            }
          : { severity: MessageCardSeverity.Info, text: decision.state === 'dismissed' ? 'Dismissed.' : 'Reopened.' },
      );
      setComment('');
      setReason(undefined);
      reasonSelection.clear();
      props.onSaved(result.entry);
    } catch (e) {
      setNotice({ severity: MessageCardSeverity.Error, text: `Not saved: ${describeError(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const isPullRequest = row.source.pullRequestId !== undefined;
  const branchDismissal = row.dismissal?.by === 'triage' && row.dismissal.channel === 'projectTriage' ? row.dismissal : undefined;
  const disabledNote =
    !canEdit && (!isPullRequest || branchDismissal) ? (
      <div className="secondary-text palisade-triage-disabled-reason">
        {permission.state === 'checking' ? 'Checking your permission to triage...' : permission.reason}
      </div>
    ) : null;

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
        disabled={!canEdit || saving}
      />
    </FormItem>
  );

  let controls: JSX.Element | null;
  if (branchDismissal) {
    controls = (
      <div className="rhythm-vertical-8">
        <DismissalLine dismissal={branchDismissal} />
        <Button text="Reopen finding" disabled={!canEdit || saving} onClick={() => void save({ state: 'open' })} />
      </div>
    );
  } else if (isPullRequest) {
    controls = <PullRequestTriage row={row} />;
  } else {
    controls = (
      <div className="rhythm-vertical-8">
        <FormItem label="Reason">
          <Dropdown
            className="palisade-dismiss-reason"
            ariaLabel="Dismiss reason"
            placeholder="Choose a reason"
            items={DISMISS_REASONS.map((r) => ({ id: r, text: DISMISS_REASON_LABELS[r] }))}
            selection={reasonSelection}
            disabled={!canEdit || saving}
            onSelect={(_e, item) => setReason(item.id as DismissReason)}
          />
        </FormItem>
        {commentField}
        <Button text="Dismiss finding" primary disabled={!canEdit || !reason || saving} onClick={() => reason && void save({ state: 'dismissed', reason, comment })} />
      </div>
    );
  }

  return (
    <section className="palisade-detail-section palisade-triage" aria-label="Triage">
      <div className="palisade-detail-heading">Triage</div>
      {notice && (
        <MessageCard severity={notice.severity} onDismiss={() => setNotice(null)} className="palisade-triage-notice">
          {notice.text}
        </MessageCard>
      )}
      {disabledNote}
      {controls}
      <IgnoredDismissals ignored={row.ignored} />
    </section>
  );
}
