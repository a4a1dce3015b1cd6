/**
 * The demo's managed-scanning part: an administrator turns managed scanning on (observe only)
 * for the project's defaults and off for one repository, then two pipelines nobody edited run:
 * the emulator expands them with the extension's own decorator and the packaged task runs the
 * injected step (one scans, one skips). Then the repositories without a pipeline are onboarded:
 * the plan is printed first, then created.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { settingsPatch, settingsRepoKey, SETTINGS_DEFAULTS_KEY } from '../../tasks/contract/projectSettings';
import { discoverOrganization } from '../../hub/inventory/data/discovery';
import { inventoryRows } from '../../hub/inventory/data/inventoryTable';
import { ThrottledClient } from '../../hub/shared/sdk/throttledClient';
import { applyOnboarding, planOnboarding } from '../../hub/shared/data/onboarding';
import type { Emulator } from '../emulator';
import { decorateJob } from '../emulator/decorator/expand';
import { selfRepository } from '../emulator/decorator/decoratedJob';
import { call } from '../emulator/testing/clients';
import { runTaskAsAgent } from '../support/agentShim';

const ADMIN = { id: '90a2a264-f6bb-4b81-8cb1-74d3a5dd2576', displayName: 'Avery Admin' };

export interface ManagedDemoOptions {
  emulator: Emulator;
  taskEntry: string;
  workDir: string;
  say: (line?: string) => void;
}

async function setSettings(emulator: Emulator, project: string, ops: ReturnType<typeof settingsPatch>): Promise<void> {
  const id = emulator.store.project(project).id;
  const r = await call(emulator, 'PATCH', `_apis/projects/${id}/properties?api-version=7.1-preview.1`, { identity: 'admin', headers: { 'content-type': 'application/json-patch+json' }, body: ops });
  if (r.status !== 200) throw new Error(`could not save the demo settings: ${r.status} ${r.text}`);
}

async function decoratedRun(o: ManagedDemoOptions, repository: string, yaml: string): Promise<void> {
  const { emulator, say } = o;
  const build = emulator.store.createBuild({ project: 'Palisade Demo', repository, sourceBranch: 'refs/heads/main', reason: 'individualCI', definition: { id: 500 + emulator.store.data.builds.length, name: `${repository} CI` } });
  const steps = decorateJob({ steps: [{ checkout: 'self' }, { script: 'npm ci && npm test' }], repositories: { self: selfRepository(emulator, build) } });
  say(`  ${repository} CI (YAML: ${yaml}) runs as: ${steps.map((s) => s.injectedBy ? `[${s.displayName}, injected by the decorator]` : s.task.name).join(' -> ')}`);
  const dir = join(o.workDir, `managed-${build.id}`);
  const repo = emulator.store.repository(repository);
  for (const [path, blob] of Object.entries(repo.commits[build.sourceVersion].tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), emulator.store.blob(blob));
  }
  for (const step of steps.filter((s) => s.injectedBy)) {
    const t0 = Date.now();
    const run = await runTaskAsAgent({ emulator, buildId: build.id, taskEntry: o.taskEntry, sourcesDirectory: dir, workDirectory: join(o.workDir, `agent-managed-${build.id}`), inputs: step.inputs });
    const line = run.logText.split('\n').find((l) => /Managed scan|Managed scanning|switched off/.test(l)) ?? '';
    say(`    -> ${run.result} in ${Date.now() - t0} ms: ${line.trim()}${run.outputs.result === 'skipped' ? '' : ` (${run.resultMessage ?? ''})`}`);
  }
  build.status = 'completed';
  build.result = 'succeeded';
  build.finishTime = new Date().toISOString();
  emulator.store.changed();
}

export async function runManagedDemo(o: ManagedDemoOptions): Promise<void> {
  const { emulator, say } = o;
  const at = new Date().toISOString();
  say('Managed scanning (pipeline decorator, no YAML change):');
  await setSettings(emulator, 'Palisade Demo', [
    ...settingsPatch(SETTINGS_DEFAULTS_KEY, { managedScan: 'observe' }, ADMIN, at),
    ...settingsPatch(settingsRepoKey(emulator.store.repository('payments-api').id), { managedScan: 'off' }, ADMIN, at),
  ]);
  say('  Avery Admin set managed scanning to "observe only" for project Palisade Demo, and "off" for payments-api.');
  await decoratedRun(o, 'web-shop', 'checkout + npm test, no Palisade step');
  await decoratedRun(o, 'payments-api', 'checkout + npm test, no Palisade step');

  say();
  say('Repositories without a pipeline (Organization settings > Palisade inventory):');
  const client = new ThrottledClient(emulator.orgUrl, async () => `Bearer ${emulator.tokens.admin}`);
  const inv = await discoverOrganization(client, { counts: false });
  const bare = inventoryRows(inv.projects, { coverage: ['noPipeline'] }, { key: 'repository' }).filter((r) => !r.isDisabled);
  const plan = planOnboarding(bare.map((r) => ({ projectId: r.projectId, id: r.id, name: r.name, defaultBranch: r.defaultBranch })));
  for (const p of plan) {
    say(`  ${p.repo.name}: ${p.skip ? `left out (${p.skip})` : 'the plan shown before anything is created:'}`);
    for (const a of p.actions) say(`    - ${a.summary}`);
  }
  const results = await applyOnboarding(client, plan);
  for (const r of results) say(`  created for ${r.repo.name}: ${r.message}`);
  say(`  (${client.stats.calls} REST calls for discovery and onboarding)`);
}
