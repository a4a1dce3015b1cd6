/**
 * One settings form: the project defaults (every field set) or a repository's overrides (each
 * field either inherits the default or overrides it). Saves only what changed.
 */
import * as React from 'react';
import { Button } from 'azure-devops-ui/Button';
import { ButtonGroup } from 'azure-devops-ui/ButtonGroup';
import { Checkbox } from 'azure-devops-ui/Checkbox';
import { Dropdown } from 'azure-devops-ui/Dropdown';
import { FormItem } from 'azure-devops-ui/FormItem';
import { TextField } from 'azure-devops-ui/TextField';
import { Toggle } from 'azure-devops-ui/Toggle';
import { DropdownSelection } from 'azure-devops-ui/Utilities/DropdownSelection';
import { FAIL_ON_LEVELS, type FailOn } from '../../../tasks/contract/findings';
import { MANAGED_MODES, type ManagedMode } from '../../../tasks/contract/managedScan';
import { SCANNERS, type Scanner, type ScanSettings } from '../../../tasks/contract/projectSettings';
import { sameValue, SETTING_KEYS, type SettingKey, type SettingsChanges } from '../data/settingsActions';

const SCANNER_LABELS: Record<Scanner, string> = { secrets: 'Secrets', code: 'Insecure code', dependencies: 'Vulnerable dependencies' };
const FAIL_ON_LABELS: Record<FailOn, string> = {
  critical: 'Critical findings',
  high: 'High or critical findings',
  medium: 'Medium or above',
  low: 'Low or above',
  none: 'Never (report only)',
};
const MANAGED_LABELS: Record<ManagedMode, string> = {
  off: 'Off: only pipelines that run PalisadeScan@1 scan',
  observe: 'Observe only: every pipeline scans after checkout, nothing fails',
  enforce: 'Enforce: every pipeline scans after checkout and fails by the threshold',
};
const FIELD_LABELS: Record<SettingKey, string> = {
  enabled: 'Scanning',
  managedScan: 'Managed scanning (no YAML change)',
  scanners: 'Scanners',
  failOn: 'Fail the build on',
  prStatus: 'Pull request status',
  prComments: 'Pull request comments',
  excludes: 'Excluded paths',
  allowAuthorDismiss: 'Pull request authors',
};

export interface SettingsFormProps {
  /** `defaults`: every field is set. `repo`: fields not overridden inherit `inherited`. */
  mode: 'defaults' | 'repo';
  /** What is stored now (for `repo`, only the overridden fields are present). */
  stored: Partial<ScanSettings>;
  /** The values a field shows when not set: built-ins for defaults, the project defaults for a repo. */
  inherited: ScanSettings;
  readOnly: boolean;
  saving: boolean;
  idPrefix: string;
  onSave: (changes: SettingsChanges) => void;
}

type Values = ScanSettings;

function initialValues(stored: Partial<ScanSettings>, inherited: ScanSettings): Values {
  const v = { ...inherited } as Record<SettingKey, unknown>;
  for (const k of SETTING_KEYS) if (stored[k] !== undefined) v[k] = stored[k];
  return v as unknown as Values;
}

export function SettingsForm(props: SettingsFormProps): JSX.Element {
  const { stored, inherited, mode } = props;
  const initialOverrides = React.useMemo(() => new Set(SETTING_KEYS.filter((k) => stored[k] !== undefined)), [stored]);
  const [values, setValues] = React.useState<Values>(() => initialValues(stored, inherited));
  const [overrides, setOverrides] = React.useState<Set<SettingKey>>(() => new Set(initialOverrides));
  const [excludesText, setExcludesText] = React.useState(() => initialValues(stored, inherited).excludes.join('\n'));
  const failOnSelection = React.useMemo(() => new DropdownSelection(), []);
  const managedSelection = React.useMemo(() => new DropdownSelection(), []);
  React.useEffect(() => {
    managedSelection.select(MANAGED_MODES.indexOf(values.managedScan));
  }, [managedSelection, values.managedScan]);
  React.useEffect(() => {
    failOnSelection.select(FAIL_ON_LEVELS.indexOf(values.failOn));
  }, [failOnSelection, values.failOn]);

  const isSet = (k: SettingKey) => mode === 'defaults' || overrides.has(k);
  const shown = <K extends SettingKey>(k: K): ScanSettings[K] => (isSet(k) ? values[k] : inherited[k]);
  const disabled = (k: SettingKey) => props.readOnly || props.saving || !isSet(k);
  const set = <K extends SettingKey>(k: K, v: ScanSettings[K]) => setValues((cur) => ({ ...cur, [k]: v }));

  const changes = React.useMemo((): SettingsChanges => {
    const out: Record<string, unknown> = {};
    for (const k of SETTING_KEYS) {
      const nowSet = mode === 'defaults' || overrides.has(k);
      const wasSet = mode === 'defaults' || initialOverrides.has(k);
      const before = wasSet ? (stored[k] ?? inherited[k]) : undefined;
      if (nowSet && (!wasSet || !sameValue(values[k], before))) out[k] = values[k];
      else if (!nowSet && wasSet) out[k] = null;
    }
    return out as SettingsChanges;
  }, [values, overrides, initialOverrides, stored, inherited, mode]);
  const dirty = Object.keys(changes).length > 0;

  const reset = () => {
    const v = initialValues(stored, inherited);
    setValues(v);
    setOverrides(new Set(initialOverrides));
    setExcludesText(v.excludes.join('\n'));
  };

  const field = (k: SettingKey, control: React.ReactNode) => (
    <div className="palisade-setting flex-row" key={k} data-setting={k}>
      <div className="palisade-setting-label">
        <div className="font-weight-semibold">{FIELD_LABELS[k]}</div>
        {mode === 'repo' && (
          <Checkbox
            className="palisade-override"
            label="Override the project default"
            checked={overrides.has(k)}
            disabled={props.readOnly || props.saving}
            onChange={(_e, checked) =>
              setOverrides((cur) => {
                const next = new Set(cur);
                if (checked) next.add(k);
                else next.delete(k);
                return next;
              })
            }
          />
        )}
      </div>
      <div className="palisade-setting-control">{control}</div>
    </div>
  );

  return (
    <div className="palisade-settings-form flex-column rhythm-vertical-16">
      {field(
        'enabled',
        <Toggle
          id={`${props.idPrefix}-enabled`}
          checked={shown('enabled')}
          disabled={disabled('enabled')}
          onText="On: the pipeline task scans"
          offText="Off: the pipeline task skips the scan"
          ariaLabel="Scanning"
          onChange={(_e, c) => set('enabled', c)}
        />,
      )}
      {field(
        'managedScan',
        <Dropdown
          className="palisade-managed-scan"
          ariaLabel="Managed scanning"
          items={MANAGED_MODES.map((m) => ({ id: m, text: MANAGED_LABELS[m] }))}
          selection={isSet('managedScan') ? managedSelection : undefined}
          placeholder={MANAGED_LABELS[shown('managedScan')]}
          disabled={disabled('managedScan')}
          onSelect={(_e, item) => set('managedScan', item.id as ManagedMode)}
        />,
      )}
      {field(
        'scanners',
        <div className="flex-column rhythm-vertical-4">
          {SCANNERS.map((s) => (
            <Checkbox
              key={s}
              label={SCANNER_LABELS[s]}
              checked={shown('scanners').includes(s)}
              disabled={disabled('scanners')}
              onChange={(_e, c) => set('scanners', SCANNERS.filter((x) => (x === s ? c : values.scanners.includes(x))))}
            />
          ))}
        </div>,
      )}
      {field(
        'failOn',
        <Dropdown
          className="palisade-fail-on"
          ariaLabel="Fail the build on"
          items={FAIL_ON_LEVELS.map((l) => ({ id: l, text: FAIL_ON_LABELS[l] }))}
          selection={isSet('failOn') ? failOnSelection : undefined}
          placeholder={FAIL_ON_LABELS[shown('failOn')]}
          disabled={disabled('failOn')}
          onSelect={(_e, item) => set('failOn', item.id as FailOn)}
        />,
      )}
      {field(
        'prStatus',
        <Toggle checked={shown('prStatus')} disabled={disabled('prStatus')} onText="Post a status on pull requests" offText="No status" ariaLabel="Pull request status" onChange={(_e, c) => set('prStatus', c)} />,
      )}
      {field(
        'prComments',
        <Toggle
          checked={shown('prComments')}
          disabled={disabled('prComments')}
          onText="Comment on the lines of new findings"
          offText="No comments"
          ariaLabel="Pull request comments"
          onChange={(_e, c) => set('prComments', c)}
        />,
      )}
      {field(
        'excludes',
        <FormItem message="One pattern per line, gitignore syntax (e.g. test/fixtures/, *.min.js).">
          <TextField
            multiline
            rows={4}
            value={isSet('excludes') ? excludesText : inherited.excludes.join('\n')}
            disabled={disabled('excludes')}
            ariaLabel="Excluded paths"
            placeholder="No exclusions"
            onChange={(_e, text) => {
              setExcludesText(text);
              set(
                'excludes',
                text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
              );
            }}
          />
        </FormItem>,
      )}
      {field(
        'allowAuthorDismiss',
        <Toggle
          checked={shown('allowAuthorDismiss')}
          disabled={disabled('allowAuthorDismiss')}
          onText="May dismiss findings of their own pull request"
          offText="Only other contributors may dismiss a pull request's findings"
          ariaLabel="Pull request authors may dismiss their own findings"
          onChange={(_e, c) => set('allowAuthorDismiss', c)}
        />,
      )}
      {!props.readOnly && (
        <ButtonGroup className="palisade-settings-actions">
          <Button text={props.saving ? 'Saving...' : 'Save'} primary disabled={!dirty || props.saving} onClick={() => props.onSave(changes)} />
          <Button text="Discard changes" disabled={!dirty || props.saving} onClick={reset} />
        </ButtonGroup>
      )}
    </div>
  );
}
