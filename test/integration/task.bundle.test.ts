/**
 * The task as it ships: the webpack bundle in dist/PalisadeScanV1 (built here with webpack's
 * Node API when missing or older than its sources), copied away from the repository so it
 * cannot lean on node_modules, run as an agent runs it in a pull-request build.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { assertRun, gitCheckout, NEW_SECRET, NEW_SECRET_LINE, PR_ID, prBuild, prStatuses, prThreads, runTask, storedScan, taskSuite } from './taskHarness';

const BUNDLE_DIR = join(REPO_ROOT, 'dist', 'PalisadeScanV1');
const BUNDLE = join(BUNDLE_DIR, 'index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function bundleIsStale(): boolean {
  if (!existsSync(BUNDLE) || !existsSync(join(BUNDLE_DIR, 'scanWorker.js'))) return true;
  const sources = Math.max(newestMtime(join(REPO_ROOT, 'tasks')), statSync(join(REPO_ROOT, 'webpack.config.js')).mtimeMs);
  return statSync(BUNDLE).mtimeMs < sources;
}

/** `npx webpack --env part=task`, through webpack's Node API. */
async function buildBundle(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as (config: unknown, cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(o: string): string }) => void) => void;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configs = (require(join(REPO_ROOT, 'webpack.config.js')) as (env: object, argv: object) => unknown[])({ part: 'task' }, {});
  await new Promise<void>((resolve, reject) =>
    webpack(configs, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(`webpack failed:\n${stats.toString('errors-only')}`));
      resolve();
    }),
  );
}

describe('PalisadeScan@1 against the emulator: the shipped webpack bundle', function () {
  const suite = taskSuite();
  const emu = () => suite.emulator;
  let shipped: string | undefined;

  before(async function () {
    this.timeout(120_000);
    if (bundleIsStale()) {
      process.stdout.write('      [building the task bundle with webpack (dist/PalisadeScanV1 is missing or older than tasks/)]\n');
      await buildBundle();
    }
    // A copy outside the repository: the bundle must run without node_modules next to it, and
    // another build replacing dist/ meanwhile cannot pull it from under the test.
    shipped = mkdtempSync(join(tmpdir(), 'palisade-bundle-'));
    cpSync(BUNDLE_DIR, shipped, { recursive: true });
  });
  after(() => {
    if (shipped) rmSync(shipped, { recursive: true, force: true });
  });

  it('runs a pull-request build from the bundle alone, with the same verdict as the compiled task', async () => {
    const checkout = gitCheckout(suite.tempDir());
    const run = await runTask(emu(), {
      buildId: prBuild(emu()).id, sourcesDirectory: checkout.dir, workDirectory: suite.tempDir(), taskEntry: join(shipped!, 'index.js'),
      inputs: { failOn: 'high', scanners: 'secrets,code' },
    });
    assertRun(run, run.result === 'Failed', 'the bundle fails the PR on its new secret');
    assert.equal(run.resultMessage, '1 new finding at or above high: 1 critical');
    assert.equal(run.outputs.newFindingCount, '1');
    assert.ok(!/Cannot find module|ENOENT/.test(run.stdout + run.stderr), 'the bundle finds rules, grammars and strings next to itself');
    assert.match(run.logText, /Scanners: secrets, code; fail on: high\./);
    assert.deepEqual(prStatuses(emu()).map((s) => [s.state, s.description]), [['pending', 'Palisade is scanning…'], ['failed', '1 new finding: 1 critical']]);
    const threads = prThreads(emu());
    assert.equal(threads.length, 1);
    assert.equal((threads[0].threadContext as { rightFileStart: { line: number } }).rightFileStart.line, NEW_SECRET_LINE);
    assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    assert.equal(storedScan(emu(), `pr/${PR_ID}`).record.scan.newFindings, 1);
    assert.ok(!run.printedExceptSetSecret.includes(NEW_SECRET));
  });
});
