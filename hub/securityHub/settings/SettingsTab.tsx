/**
 * Project defaults and per-repository overrides, kept in the project's properties: editable by
 * holders of *Manage project properties* (project administrators; others see them read-only and
 * why), each showing who changed it last and when; plus what to add to a pipeline and a branch
 * policy.
 */
import * as React from 'react';
import { Card } from 'azure-devops-ui/Card';
import { ClipboardButton } from 'azure-devops-ui/Clipboard';
import { MessageCard, MessageCardSeverity } from 'azure-devops-ui/MessageCard';
import { BUILTIN_DEFAULTS, effectiveSettings, type ScanSettings, type SettingsProperty } from '../../../tasks/contract/projectSettings';
import { formatDateTime } from '../../shared/data/format';
import { findRepo } from '../../shared/data/model';
import { PIPELINE_YAML, REQUIRED_STATUS } from '../data/pipelineSnippet';
import { saveProjectDefaults, saveRepoSettings, SettingsConflictError, SETTING_KEYS, type SettingsChanges } from '../data/settingsActions';
import { useAsync } from '../../shared/hooks/useAsync';
import { describeError } from '../../shared/components/errors';
import { Loading, LoadError } from '../../shared/components/LoadState';
import { RepositoryPicker } from '../findings/RepositoryPicker';
import { useHub } from '../HubContext';
import { SettingsForm } from './SettingsForm';

function storedFields(doc: Partial<ScanSettings> | null | undefined): Partial<ScanSettings> {
  const out: Record<string, unknown> = {};
  if (doc) for (const k of SETTING_KEYS) if (doc[k] !== undefined) out[k] = doc[k];
  return out as Partial<ScanSettings>;
}

export function SettingsTab(): JSX.Element {
  const { services, data: hubData, repos, route, navigate, permission } = useHub();
  const data = useAsync(() => hubData.projectState(), [hubData]);
  const [saving, setSaving] = React.useState<'defaults' | 'repo' | null>(null);
  const [notice, setNotice] = React.useState<{ severity: MessageCardSeverity; text: string } | null>(null);
  const repo = findRepo(repos, route.repo) ?? repos[0];
  const readOnly = permission.state !== 'allowed';

  const save = async (which: 'defaults' | 'repo', changes: SettingsChanges) => {
    if (data.status !== 'ready') return;
    setSaving(which);
    setNotice(null);
    try {
      const { user } = services.context;
      if (which === 'defaults') await saveProjectDefaults(services, data.value.defaults, changes, user);
      else await saveRepoSettings(services, repo.id, data.value.repoSettings.get(repo.id.toLowerCase()) ?? null, changes, user);
      setNotice({ severity: MessageCardSeverity.Info, text: which === 'defaults' ? 'Project defaults saved.' : `Settings of ${repo.name} saved.` });
    } catch (e) {
      setNotice({
        severity: e instanceof SettingsConflictError ? MessageCardSeverity.Warning : MessageCardSeverity.Error,
        text: e instanceof SettingsConflictError ? `Not saved: ${e.message}` : `Not saved: ${describeError(e)}`,
      });
    } finally {
      setSaving(null);
      data.reload();
    }
  };

  if (data.status === 'loading') return <Loading label="Loading settings..." />;
  if (data.status === 'error') return <LoadError what="the settings" error={data.error} onRetry={data.reload} />;

  const { defaults, repoSettings, problems } = data.value;
  const projectDefaults = effectiveSettings(defaults?.settings, null);
  const repoDoc = repoSettings.get(repo.id.toLowerCase());
  const stamp = (d: SettingsProperty | null | undefined) =>
    d ? `Last changed by ${d.changedBy.displayName} on ${formatDateTime(d.changedAt)}.` : 'Not changed yet: built-in defaults apply.';

  return (
    <div className="palisade-settings flex-column rhythm-vertical-16">
      {readOnly && (
        <MessageCard severity={MessageCardSeverity.Info} className="palisade-readonly-note">
          {permission.state === 'checking' ? 'Checking your permission to change settings...' : `You can see these settings but not change them. ${permission.reason}`}
        </MessageCard>
      )}
      {problems.length > 0 && (
        <MessageCard severity={MessageCardSeverity.Warning} className="palisade-settings-problems">
          {`Some stored settings could not be read and are ignored: ${problems.join('; ')}`}
        </MessageCard>
      )}
      {notice && (
        <MessageCard severity={notice.severity} onDismiss={() => setNotice(null)} className="palisade-settings-notice">
          {notice.text}
        </MessageCard>
      )}
      <Card className="palisade-defaults-card" titleProps={{ text: 'Project defaults' }} headerDescriptionProps={{ text: `Apply to every repository without its own settings. ${stamp(defaults)}` }}>
        <SettingsForm
          key={`defaults-${defaults?.changedAt ?? ''}`}
          mode="defaults"
          idPrefix="defaults"
          stored={storedFields(defaults?.settings)}
          inherited={BUILTIN_DEFAULTS}
          readOnly={readOnly}
          saving={saving === 'defaults'}
          onSave={(c) => void save('defaults', c)}
        />
      </Card>
      <Card className="palisade-repo-settings-card" titleProps={{ text: 'Repository settings' }} headerDescriptionProps={{ text: repoDoc ? stamp(repoDoc) : 'This repository uses the project defaults.' }}>
        <div className="flex-column rhythm-vertical-16 flex-grow">
          <RepositoryPicker repos={repos} value={repo.id} allowAll={false} onChange={(id) => navigate({ repo: id }, { replace: true })} />
          <SettingsForm
            key={`repo-${repo.id}-${repoDoc?.changedAt ?? ''}-${defaults?.changedAt ?? ''}`}
            mode="repo"
            idPrefix="repo"
            stored={storedFields(repoDoc?.settings)}
            inherited={projectDefaults}
            readOnly={readOnly}
            saving={saving === 'repo'}
            onSave={(c) => void save('repo', c)}
          />
        </div>
      </Card>
      <Card className="palisade-setup-card" titleProps={{ text: 'Add scanning to a pipeline' }}>
        <div className="flex-column rhythm-vertical-8 flex-grow">
          <p>Add this step to the repository's pipeline. The task reads the settings above when it runs.</p>
          <div className="flex-row palisade-snippet">
            <pre className="palisade-yaml flex-grow" aria-label="Pipeline YAML">
              {PIPELINE_YAML}
            </pre>
            <ClipboardButton ariaLabel="Copy the pipeline step" getContent={() => PIPELINE_YAML} showCopiedTooltip="Copied" />
          </div>
          <p>
            To block pull requests with new findings, add a status check to the target branch's policy (Repos › Branches › Branch policies › Status checks) that requires the status{' '}
            <code className="palisade-status-name">{REQUIRED_STATUS}</code>.
          </p>
        </div>
      </Card>
    </div>
  );
}
