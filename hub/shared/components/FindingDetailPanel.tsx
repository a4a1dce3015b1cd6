/**
 * A finding in full: what and where (linked to the file at the scanned commit), the masked
 * preview, when it was first and last seen, the rule's help and fix guidance, and what the page
 * adds below (the hub's triage; the build tab adds nothing). Every value from the scan is
 * rendered as text.
 */
import * as React from 'react';
import { ContentSize } from 'azure-devops-ui/Callout';
import { Link } from 'azure-devops-ui/Link';
import { Panel } from 'azure-devops-ui/Panel';
import { displayLine, escapeBidi } from '../../../tasks/contract/displayText';
import type { FindingRow } from '../data/findingRows';
import { KIND_LABELS, STATE_LABELS } from '../data/findingLabels';
import { fixGuidance, splitRuleHelp } from '../data/fixGuidance';
import { formatDateTime, refLabel, shortCommit } from '../data/format';
import { buildResultsUrl, fileAtCommitUrl, safeHref } from '../data/links';
import { dependencyFacts, helpFor, type RuleCatalog, type RuleHelp } from '../data/ruleHelp';
import { SafeMarkdown } from './SafeMarkdown';
import { SeverityPill } from './Severity';

function Field(props: { label: string; children: React.ReactNode; className?: string }): JSX.Element {
  return (
    <div className={`palisade-field flex-row ${props.className ?? ''}`}>
      <div className="palisade-field-label secondary-text">{props.label}</div>
      <div className="palisade-field-value">{props.children}</div>
    </div>
  );
}

export function FindingDetailPanel(props: {
  row: FindingRow;
  catalog?: RuleCatalog;
  sarifRules?: ReadonlyMap<string, RuleHelp>;
  onClose: () => void;
  /** Where links point: the organization and project the page runs in. */
  context: { collectionUri: string; projectName: string };
  /** Shown after "How to fix": the hub's triage section. */
  children?: React.ReactNode;
}): JSX.Element {
  const { context } = props;
  const { row } = props;
  const f = row.finding;
  const help = helpFor(f, props.sarifRules, props.catalog);
  const facts = dependencyFacts(f);
  const fix = fixGuidance({ kind: row.kind, properties: f.properties }, help);
  // The rule's own fix is shown under "How to fix", so "About this rule" keeps the rest.
  const about = help && row.kind !== 'external' && fix.source === 'rule' ? splitRuleHelp(help.helpMarkdown).about : help?.helpMarkdown;
  const shown = row.display;
  const location = `${shown.path}:${f.region.startLine}`;
  const fileUrl = fileAtCommitUrl(context.collectionUri, context.projectName, row.source.repo, f.path, row.source.commit, f.region);

  return (
    <Panel
      className="palisade-finding-panel"
      onDismiss={props.onClose}
      titleProps={{ text: displayLine(help?.title ?? f.ruleId) }}
      description={`${shown.ruleId} · ${KIND_LABELS[row.kind]}`}
      size={ContentSize.Large}
      ariaLabel="Finding details"
    >
      <div className="palisade-detail flex-column rhythm-vertical-16" data-fingerprint={f.fingerprint}>
        <div className="flex-row flex-center rhythm-horizontal-8">
          <SeverityPill severity={row.severity} />
          <span className={`palisade-state palisade-state-${row.state}`}>{STATE_LABELS[row.state]}</span>
          {f.isNew && row.source.pullRequestId !== undefined ? <span className="palisade-new">New in this pull request</span> : null}
        </div>
        <section className="palisade-detail-section">
          <div className="palisade-detail-heading">Finding</div>
          <p className="palisade-finding-text">{shown.message}</p>
          <Field label="Location">
            <Link href={fileUrl} target="_blank" rel="noopener noreferrer" className="palisade-location-link">
              {location}
            </Link>
          </Field>
          <Field label="Repository">{`${row.source.repo.name} · ${refLabel(row.source.ref)}${row.source.commit ? ` at ${shortCommit(row.source.commit)}` : ''}`}</Field>
          {row.source.buildId !== undefined ? (
            <Field label="Scanned in">
              <Link href={buildResultsUrl(context.collectionUri, context.projectName, row.source.buildId)} target="_blank" rel="noopener noreferrer" className="palisade-build-link">
                {`Build ${row.source.buildNumber ?? row.source.buildId}`}
              </Link>
            </Field>
          ) : null}
          {shown.preview ? (
            <Field label="Preview">
              <code className="palisade-preview" aria-label="Masked preview">
                {shown.preview}
              </code>
            </Field>
          ) : null}
          {row.context !== 'code' ? (
            <Field label="Where" className="palisade-context">
              {`${row.context === 'test' ? 'In a test or fixture path' : 'In an example or sample path'}${typeof f.properties?.ruleSeverity === 'string' && f.properties.ruleSeverity !== f.severity ? `: severity lowered from ${displayLine(f.properties.ruleSeverity)}` : ''}`}
            </Field>
          ) : null}
          {f.properties?.confidence === 'low' || f.properties?.checksum === 'invalid' ? (
            <Field label="Confidence" className="palisade-confidence">
              {f.properties.checksum === 'invalid'
                ? 'Low: the key has the format of this rule, but its checksum does not hold (a typo, a truncated copy or a made-up value)'
                : 'Low: the value looks like a filler (a sequence or one character repeated), so it is shown two severities lower'}
            </Field>
          ) : null}
          {shown.flow ? (
            <Field label="Data flow" className="palisade-flow">
              <ol className="palisade-flow-steps" aria-label="Path of the input to this finding">
                {shown.flow.map((s, i) => (
                  <li key={i} data-role={i === 0 ? 'source' : i === shown.flow!.length - 1 ? 'sink' : 'step'}>
                    <span className="secondary-text">{`${i === 0 ? 'Input' : i === shown.flow!.length - 1 ? 'Reaches' : 'Through'}, ${s.path ? `${s.path} ` : ''}line ${s.line}: `}</span>
                    <code>{s.preview}</code>
                  </li>
                ))}
              </ol>
            </Field>
          ) : null}
          <Field label="First seen">{f.firstSeenAt ? formatDateTime(f.firstSeenAt) : 'Unknown: this scan could not read earlier builds'}</Field>
          <Field label="Last seen">{formatDateTime(f.lastSeenAt)}</Field>
          {f.fixedAt ? <Field label="Fixed">{formatDateTime(f.fixedAt)}</Field> : null}
          {facts.map((fact) => (
            <Field key={fact.label} label={fact.label}>
              {fact.href ? (
                <Link href={fact.href} target="_blank" rel="noopener noreferrer">
                  {fact.value}
                </Link>
              ) : (
                fact.value
              )}
            </Field>
          ))}
        </section>
        <section className="palisade-detail-section palisade-rule-help" aria-label="Rule help">
          <div className="palisade-detail-heading">About this rule</div>
          {help ? (
            <>
              {help.description && help.description !== help.title ? <p>{escapeBidi(help.description)}</p> : null}
              {/* Another tool's help is its own text: shown as text, never as Markdown or links. */}
              {about && row.kind === 'external' ? <p className="palisade-external-help">{escapeBidi(about)}</p> : null}
              {about && row.kind !== 'external' ? <SafeMarkdown markdown={about} /> : null}
              {help.cwe.length ? <div className="secondary-text">{help.cwe.join(', ')}</div> : null}
              {safeHref(help.helpUri) ? (
                <Link href={safeHref(help.helpUri)} target="_blank" rel="noopener noreferrer">
                  Rule documentation
                </Link>
              ) : null}
            </>
          ) : (
            <p className="secondary-text">{`No help is available for rule ${shown.ruleId}.`}</p>
          )}
        </section>
        <section className="palisade-detail-section palisade-fix-guidance" aria-label="How to fix" data-source={fix.source}>
          <div className="palisade-detail-heading">How to fix</div>
          {fix.markdown ? <SafeMarkdown markdown={fix.text} /> : <p>{escapeBidi(fix.text)}</p>}
        </section>
        {props.children}
      </div>
    </Panel>
  );
}
