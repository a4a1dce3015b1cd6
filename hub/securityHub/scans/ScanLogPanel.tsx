/**
 * The log of one scan, from its build's scan record (masked by the task): searchable (matching
 * lines only, the match marked), copyable and downloadable. Lines are text nodes, never markup.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ContentSize } from 'azure-devops-ui/Callout';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { Panel } from 'azure-devops-ui/Panel';
import { TextField, TextFieldStyle } from 'azure-devops-ui/TextField';
import { formatDateTime, plural, refLabel } from '../../shared/data/format';
import { searchLog, MAX_SHOWN_LINES } from '../data/logSearch';
import type { HubData } from '../data/hubData';
import type { RepoRef } from '../../shared/data/model';
import type { ScanRecord } from '../../../tasks/contract/scanRecord';
import { buildIdOfScan } from '../../shared/data/scanRecords';
import { useAsync } from '../../shared/hooks/useAsync';
import { Loading, LoadError } from '../../shared/components/LoadState';
import { useHub } from '../HubContext';

function Highlighted(props: { text: string; query: string }): JSX.Element {
  if (!props.query) return <>{props.text}</>;
  const parts: React.ReactNode[] = [];
  const lower = props.text.toLowerCase();
  const q = props.query.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, at)) {
    if (i > at) parts.push(props.text.slice(at, i));
    parts.push(<mark key={i}>{props.text.slice(i, i + q.length)}</mark>);
    at = i + q.length;
  }
  parts.push(props.text.slice(at));
  return <>{parts}</>;
}

/** The record a `scan` route value names: a scan id (`{buildId}-{attempt}-{job}`) or a build id. */
async function loadLog(data: HubData, scanId: string): Promise<{ record: ScanRecord; text: string }> {
  const buildId = buildIdOfScan(scanId) ?? (/^\d+$/.test(scanId) ? Number(scanId) : undefined);
  if (buildId === undefined) throw new Error(`"${scanId}" does not name a scan.`);
  const records = await data.reader.records(buildId, true);
  const chosen = records.find((r) => r.file.scan.scanId === scanId) ?? (String(buildId) === scanId ? records[0] : undefined);
  if (!chosen) throw new Error(`build ${buildId} holds no scan record ${scanId} (its artifacts may have been deleted by the retention policy).`);
  return { record: chosen.file.scan, text: chosen.file.log };
}

export function ScanLogPanel(props: { repo: RepoRef; scanId: string; onClose: () => void }): JSX.Element {
  const { data } = useHub();
  const log = useAsync(() => loadLog(data, props.scanId), [props.scanId, data]);
  const [query, setQuery] = React.useState('');
  const [copied, setCopied] = React.useState<string | null>(null);
  const result = React.useMemo(() => (log.status === 'ready' ? searchLog(log.value.text, query) : undefined), [log, query]);

  const title = log.status === 'ready' ? `Scan log · ${refLabel(log.value.record.branch)} · ${formatDateTime(log.value.record.finishedAt)}` : 'Scan log';

  const copy = async () => {
    if (log.status !== 'ready') return;
    try {
      await navigator.clipboard.writeText(log.value.text);
      setCopied('Log copied to the clipboard.');
    } catch {
      setCopied('The browser did not allow copying; use Download instead.');
    }
  };

  const download = () => {
    if (log.status !== 'ready') return;
    const blob = new Blob([log.value.text], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `palisade-scan-${props.scanId}.log`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  return (
    <Panel className="palisade-log-panel" onDismiss={props.onClose} titleProps={{ text: title }} description={props.repo.name} size={ContentSize.Large} ariaLabel="Scan log">
      {log.status === 'loading' ? (
        <Loading label="Loading the log..." />
      ) : log.status === 'error' ? (
        <LoadError what="the log" error={log.error} onRetry={log.reload} />
      ) : (
        <div className="flex-column rhythm-vertical-8 palisade-log">
          <div className="flex-row flex-center rhythm-horizontal-8">
            <TextField
              className="palisade-log-search flex-grow"
              value={query}
              onChange={(_e, v) => setQuery(v)}
              placeholder="Search the log"
              ariaLabel="Search the log"
              prefixIconProps={{ iconName: 'Search' }}
              style={TextFieldStyle.normal}
            />
            <Button text="Copy" iconProps={{ iconName: 'Copy' }} onClick={() => void copy()} />
            <Button text="Download" iconProps={{ iconName: 'Download' }} onClick={download} />
          </div>
          <div className="secondary-text palisade-log-status" aria-live="polite">
            {query ? `${plural(result?.matches ?? 0, 'matching line')} of ${plural(result?.totalLines ?? 0, 'line')}` : plural(result?.totalLines ?? 0, 'line')}
            {result && result.lines.length < (query ? result.matches : result.totalLines) ? ` · showing the first ${MAX_SHOWN_LINES.toLocaleString()}, download for all` : ''}
          </div>
          {copied && (
            <MessageCard severity={MessageCardSeverity.Info} onDismiss={() => setCopied(null)}>
              {copied}
            </MessageCard>
          )}
          <pre className="palisade-log-text" tabIndex={0} aria-label="Log text">
            {result?.lines.map((l) => (
              <div key={l.number} className="palisade-log-line">
                <span className="palisade-log-number" aria-hidden="true">
                  {l.number}
                </span>
                <span className="palisade-log-content">
                  <Highlighted text={l.text} query={query.trim()} />
                </span>
              </div>
            ))}
          </pre>
        </div>
      )}
    </Panel>
  );
}
