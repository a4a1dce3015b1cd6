import assert from 'node:assert/strict';
import {
  adminSettings, applyPipelineOverrides, BUILTIN_DEFAULTS, parseSettingsProperty, parseTriageProperty, ProjectPropertyError, serializeSettingsProperty,
  serializeTriageProperty, settingsRepoKey, settingsSourceLine, SETTINGS_DEFAULTS_KEY, stricterFailOn, triageKey, triageKeysFilter, triagePatch, type TriageEntry,
} from '../../../tasks/contract/projectSettings';
import { ContractVersionError } from '../../../tasks/contract/version';

const avery = { id: 'a1', displayName: 'Avery Admin' };
const repo = '88b5dac2-6dfa-46aa-9dd1-f8f2bf4fb16d';

describe('project settings contract', () => {
  it('names the properties per project and repository', () => {
    assert.equal(SETTINGS_DEFAULTS_KEY, 'Palisade.Settings.Defaults');
    assert.equal(settingsRepoKey(repo), `Palisade.Settings.Repo.${repo}`);
    assert.equal(triageKey(repo), `Palisade.Triage.Repo.${repo}`);
    assert.equal(triageKeysFilter(repo), `Palisade.Triage.Repo.${repo}*`);
  });

  it('round-trips settings with who changed them and when', () => {
    const text = serializeSettingsProperty({ enabled: false, failOn: 'medium', scanners: undefined }, avery, '2026-12-01T10:00:00Z');
    const parsed = parseSettingsProperty(text, SETTINGS_DEFAULTS_KEY);
    assert.deepEqual(parsed.settings, { enabled: false, failOn: 'medium' });
    assert.deepEqual(parsed.changedBy, avery);
    assert.equal(parsed.changedAt, '2026-12-01T10:00:00Z');
    // A client that stored the object itself is read too; unknown settings of a newer hub are ignored.
    assert.deepEqual(parseSettingsProperty({ ...JSON.parse(text), settings: { prStatus: false, future: 1 } }, 'k').settings, { prStatus: false });
  });

  it('rejects malformed values naming the property and field', () => {
    const ok = JSON.parse(serializeSettingsProperty({}, avery, '2026-12-01T10:00:00Z'));
    const cases: [unknown, RegExp][] = [
      ['{nope', /Palisade.Settings.Defaults is not valid JSON/],
      [{ ...ok, settings: { failOn: 'severe' } }, /"failOn" must be one of critical, high, medium, low, none/],
      [{ ...ok, settings: { enabled: 'no' } }, /"enabled" must be true or false/],
      [{ ...ok, settings: { scanners: ['secrets', 'magic'] } }, /"scanners" must be a list of secrets, code, dependencies/],
      [{ ...ok, changedBy: 'someone' }, /"changedBy" must name who made the change/],
      [{ ...ok, changedAt: 'yesterday' }, /"changedAt" must be an ISO date/],
      [{ ...ok, settings: undefined }, /"settings" is missing/],
    ];
    for (const [value, message] of cases) assert.throws(() => parseSettingsProperty(value, SETTINGS_DEFAULTS_KEY), (e: Error) => e instanceof ProjectPropertyError && message.test(e.message), String(message));
    assert.throws(() => parseSettingsProperty({ ...ok, schemaVersion: 99 }, SETTINGS_DEFAULTS_KEY), ContractVersionError);
    assert.throws(() => serializeSettingsProperty({ failOn: 'x' as never }, avery, 'now'), /failOn/);
  });

  it('layers repository settings over project defaults over built-ins and says where they came from', () => {
    const defaults = parseSettingsProperty(serializeSettingsProperty({ failOn: 'medium', prComments: false }, avery, '2026-12-01T10:00:00Z'), 'd');
    const perRepo = parseSettingsProperty(serializeSettingsProperty({ failOn: 'critical', enabled: false }, { id: 'b', displayName: 'Blair' }, '2026-12-02T10:00:00Z'), 'r');
    const a = adminSettings(defaults, perRepo);
    assert.equal(a.settings.failOn, 'critical');
    assert.equal(a.settings.enabled, false);
    assert.equal(a.settings.prComments, false);
    assert.deepEqual(a.settings.scanners, BUILTIN_DEFAULTS.scanners);
    assert.deepEqual([...a.chosen].sort(), ['enabled', 'failOn', 'prComments']);
    assert.equal(settingsSourceLine(a.source), 'Settings: repository settings changed by Blair on 2026-12-02; project defaults changed by Avery Admin on 2026-12-01.');
    assert.equal(settingsSourceLine(adminSettings(defaults, null).source), 'Settings: project defaults changed by Avery Admin on 2026-12-01.');
    assert.match(settingsSourceLine(adminSettings(null, null).source), /built-in defaults/);
    assert.deepEqual(adminSettings(null, null).settings, BUILTIN_DEFAULTS);
  });

  it('lets the pipeline only tighten what an administrator chose', () => {
    const chosen = adminSettings(parseSettingsProperty(serializeSettingsProperty({ failOn: 'medium', scanners: ['secrets', 'code'], excludes: ['vendor/**'] }, avery, '2026-12-01T00:00:00Z'), 'd'), null);
    const looser = applyPipelineOverrides(chosen, { failOn: 'critical', scanners: ['secrets'], excludes: ['docs/**'] });
    assert.equal(looser.settings.failOn, 'medium');
    assert.deepEqual(looser.settings.scanners, ['secrets', 'code']);
    assert.deepEqual(looser.settings.excludes, ['vendor/**', 'docs/**']);
    assert.equal(looser.notes.length, 2);
    const stricter = applyPipelineOverrides(chosen, { failOn: 'low', scanners: ['dependencies'] });
    assert.equal(stricter.settings.failOn, 'low');
    assert.deepEqual(stricter.settings.scanners, ['secrets', 'code', 'dependencies']);
    // Nothing chosen by an administrator: the pipeline decides.
    const free = applyPipelineOverrides(adminSettings(null, null), { failOn: 'critical', scanners: ['secrets'] });
    assert.equal(free.settings.failOn, 'critical');
    assert.deepEqual(free.settings.scanners, ['secrets']);
    assert.equal(stricterFailOn('none', 'high'), 'high');
    assert.equal(stricterFailOn('low', 'high'), 'low');
  });

  it('stores branch triage in parts under a size limit and reads them back', () => {
    const entries: TriageEntry[] = Array.from({ length: 300 }, (_, i) => ({ fingerprint: i.toString(16).padStart(64, '0'), reason: 'acceptedRisk', comment: 'c'.repeat(100), by: avery, at: '2026-12-01T00:00:00Z' }));
    const props = serializeTriageProperty(repo, entries, 8000);
    assert.ok(props.length > 3, `${props.length} parts`);
    assert.equal(props[0].name, triageKey(repo));
    assert.equal(props[1].name, `${triageKey(repo)}.1`);
    for (const p of props) assert.ok((p.value as string).length <= 8000);
    const other = { name: triageKey('another-repo'), value: props[0].value };
    assert.deepEqual(parseTriageProperty(repo, [other, ...props].reverse()).map((e) => e.fingerprint).sort(), entries.map((e) => e.fingerprint).sort());
    assert.throws(() => parseTriageProperty(repo, props.filter((_, i) => i !== 2)), /Palisade.Triage.Repo.[0-9a-f-]+.2 is missing/);
    assert.throws(() => parseTriageProperty(repo, props.slice(1)), /is missing but later parts of it exist/);
    assert.deepEqual(parseTriageProperty(repo, []), []);
  });

  it('keeps the newest entry per finding and writes a patch that removes stale parts', () => {
    const a: TriageEntry = { fingerprint: 'f1', reason: 'falsePositive', by: avery, at: '2026-12-01T00:00:00Z' };
    const b: TriageEntry = { ...a, reason: 'usedInTests', at: '2026-12-02T00:00:00Z' };
    const patch = triagePatch(repo, [b, a], [triageKey(repo), `${triageKey(repo)}.1`, 'Palisade.Settings.Defaults']);
    assert.deepEqual(patch.map((o) => [o.op, o.path]), [['add', `/${triageKey(repo)}`], ['remove', `/${triageKey(repo)}.1`]]);
    assert.deepEqual(parseTriageProperty(repo, [{ name: triageKey(repo), value: patch[0].value }]).map((e) => e.reason), ['usedInTests']);
    assert.throws(() => parseTriageProperty(repo, [{ name: triageKey(repo), value: JSON.stringify({ schemaVersion: 1, parts: 1, entries: [{ fingerprint: 'f', reason: 'because', by: avery, at: '2026-01-01T00:00:00Z' }] }) }]), /entry 1: "reason" must be one of/);
  });
});
