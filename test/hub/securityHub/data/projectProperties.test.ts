/** Settings and branch triage as the project's properties hold them (hub/securityHub/data/projectProperties.ts). */
import assert from 'node:assert/strict';
import { serializeSettingsProperty, serializeTriageProperty, SETTINGS_DEFAULTS_KEY, settingsRepoKey, type TriageEntry } from '../../../../tasks/contract/projectSettings';
import { ALL_PALISADE_PROPERTIES, parseProjectState, readProjectState, triageOf } from '../../../../hub/securityHub/data/projectProperties';

const who = { id: 'u1', displayName: 'Avery' };
const entry = (fp: string): TriageEntry => ({ fingerprint: fp, reason: 'falsePositive', by: who, at: '2025-01-03T00:00:00Z' });

describe('hub project properties', () => {
  it('reads defaults, repository settings and triage by lower-cased repository id, ignoring foreign properties', () => {
    const props = [
      { name: 'Other.Extension', value: 'x' },
      { name: SETTINGS_DEFAULTS_KEY, value: serializeSettingsProperty({ failOn: 'medium' }, who, '2025-01-01T00:00:00Z') },
      { name: settingsRepoKey('Repo-A'), value: serializeSettingsProperty({ enabled: false }, who, '2025-01-01T00:00:00Z') },
      ...serializeTriageProperty('Repo-A', [entry('f1'), entry('f2')]),
    ];
    const state = parseProjectState(props);
    assert.equal(state.defaults?.settings.failOn, 'medium');
    assert.equal(state.repoSettings.get('repo-a')?.settings.enabled, false);
    assert.deepEqual(state.triage.get('repo-a')?.map((e) => e.fingerprint), ['f1', 'f2']);
    assert.ok(!state.names.includes('Other.Extension'));
    assert.equal(state.names.length, props.length - 1);
    assert.deepEqual(state.problems, []);
    assert.deepEqual([...triageOf(state, 'REPO-A').keys()], ['f1', 'f2']);
    assert.equal(triageOf(state, 'other').size, 0);
    assert.equal(triageOf(undefined, 'repo-a').size, 0);
  });

  it('reports a property it cannot read by name and still loads the others', () => {
    const state = parseProjectState([
      { name: SETTINGS_DEFAULTS_KEY, value: '{broken' },
      { name: settingsRepoKey('r2'), value: serializeSettingsProperty({ failOn: 'low' }, who, '2025-01-01T00:00:00Z') },
      { name: 'Palisade.Triage.Repo.r3', value: 'not triage' },
    ]);
    assert.equal(state.defaults, null);
    assert.equal(state.repoSettings.get('r2')?.settings.failOn, 'low');
    assert.equal(state.problems.length, 2);
    assert.ok(state.problems.some((p) => p.includes(SETTINGS_DEFAULTS_KEY)), state.problems.join('\n'));
    assert.ok(state.problems.some((p) => p.includes('r3')), state.problems.join('\n'));
  });

  it('asks for every Palisade property in one read', async () => {
    const asked: string[][] = [];
    const state = await readProjectState({ readProperties: async (patterns) => { asked.push([...patterns]); return []; } });
    assert.deepEqual(asked, [[ALL_PALISADE_PROPERTIES]]);
    assert.equal(ALL_PALISADE_PROPERTIES, 'Palisade.*');
    assert.equal(state.defaults, null);
  });
});
