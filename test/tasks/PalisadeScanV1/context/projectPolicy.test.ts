import assert from 'node:assert/strict';
import { serializeSettingsProperty, serializeTriageProperty, settingsRepoKey, SETTINGS_DEFAULTS_KEY, BUILTIN_DEFAULTS, type ProjectProperty } from '../../../../tasks/contract/projectSettings';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import { PolicyError, readProjectPolicy } from '../../../../tasks/PalisadeScanV1/context/projectPolicy';
import { pipelineContext } from '../../../support/taskFakes';

const ADMIN = { id: 'a1', displayName: 'Avery Admin' };
const AT = '2026-11-01T00:00:00.000Z';

/** A fake Core API holding project properties; records the keys asked for. */
function azureWith(props: ProjectProperty[] | Error) {
  const asked: string[][] = [];
  const azure = {
    core: {
      getProjectProperties: async (_project: string, keys: string[]) => {
        asked.push(keys);
        if (props instanceof Error) throw props;
        return props;
      },
    },
  } as unknown as AzureClients;
  return { azure, asked };
}

describe('context/projectPolicy', () => {
  it('layers the repository\'s settings over the project defaults, and reads the branch triage', async () => {
    const triage = serializeTriageProperty('repo-1', [{ fingerprint: 'fp1', reason: 'usedInTests', by: ADMIN, at: AT }]);
    const { azure, asked } = azureWith([
      { name: SETTINGS_DEFAULTS_KEY, value: serializeSettingsProperty({ failOn: 'medium', prComments: false }, ADMIN, AT) },
      { name: settingsRepoKey('repo-1').toLowerCase(), value: serializeSettingsProperty({ failOn: 'critical' }, ADMIN, AT) },
      ...triage,
    ]);
    const p = await readProjectPolicy(azure, pipelineContext());
    assert.equal(p.sourceNote, undefined);
    assert.equal(p.admin.settings.failOn, 'critical', 'the repository wins');
    assert.equal(p.admin.settings.prComments, false, 'project default where the repository says nothing');
    assert.equal(p.admin.settings.prStatus, BUILTIN_DEFAULTS.prStatus);
    assert.ok(p.admin.chosen.has('failOn'));
    assert.deepEqual(p.triage.map((e) => e.fingerprint), ['fp1']);
    assert.equal(asked.length, 1, 'one read');
    assert.ok(asked[0].includes(SETTINGS_DEFAULTS_KEY) && asked[0].includes(settingsRepoKey('repo-1')));
  });

  it('uses the built-in defaults when nothing is stored', async () => {
    const p = await readProjectPolicy(azureWith([]).azure, pipelineContext());
    assert.deepEqual(p.admin.settings, BUILTIN_DEFAULTS);
    assert.deepEqual(p.triage, []);
  });

  it('falls back to built-in defaults, without branch dismissals, when it cannot read, and says why', async () => {
    const offline = await readProjectPolicy(undefined, pipelineContext());
    assert.deepEqual(offline.admin.settings, BUILTIN_DEFAULTS);
    assert.match(offline.sourceNote!, /no connection to Azure DevOps/);
    assert.match((await readProjectPolicy(azureWith([]).azure, pipelineContext({ repositoryId: undefined }))).sourceNote!, /no connection/);
    const failed = await readProjectPolicy(azureWith(Object.assign(new Error('Forbidden'), { statusCode: 403 })).azure, pipelineContext());
    assert.deepEqual(failed.triage, []);
    assert.match(failed.sourceNote!, /could not be read \(HTTP 403: Forbidden\)\. No branch dismissal counts in this run\./);
  });

  it('refuses stored settings it cannot use rather than guessing (which could loosen the gate)', async () => {
    const bad = azureWith([{ name: SETTINGS_DEFAULTS_KEY, value: JSON.stringify({ schemaVersion: 1, settings: { failOn: 'whenever' }, changedBy: ADMIN, changedAt: AT }) }]);
    await assert.rejects(readProjectPolicy(bad.azure, pipelineContext()), (e: unknown) => e instanceof PolicyError && /cannot be used: .*"failOn" must be one of.*save them again under Repos > Security > Settings/.test(e.message));
    const newer = azureWith([{ name: SETTINGS_DEFAULTS_KEY, value: JSON.stringify({ schemaVersion: 99, settings: {}, changedBy: ADMIN, changedAt: AT }) }]);
    await assert.rejects(readProjectPolicy(newer.azure, pipelineContext()), (e: unknown) => e instanceof PolicyError && /newer Palisade/.test(e.message));
  });
});
