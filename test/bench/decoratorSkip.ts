/**
 * What the pipeline decorator costs a job in a repository nobody enabled: the injected
 * PalisadeScan step, run as an agent runs it against the emulator, from process start to exit
 * (node start-up, loading the task, one settings read, the skip). The shipped bundle
 * (dist/PalisadeScanV1, `npm run package` or `webpack --env part=task`) is measured when it is
 * there, the tsc build (out/) otherwise; the report says which.
 *
 *   node out/test/bench/decoratorSkip.js [--runs 5]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index';
import { defaultSeed } from '../emulator/seed';
import { runTaskAsAgent, TASK_ENTRY } from '../support/agentShim';
import { REPO_ROOT } from '../support/paths';
import { median } from './measure';
import type { TargetResult } from './report';

export const DECORATOR_SKIP_TARGET_S = 2;

export interface DecoratorSkipResult {
  entry: 'bundle' | 'tsc build';
  wallMs: number[];
  medianMs: number;
  /** REST calls of one skipping run, the client's version negotiation included. */
  restCalls: number;
  result: string;
}

export async function measureDecoratorSkip(opts: { runs?: number } = {}): Promise<DecoratorSkipResult> {
  const bundle = join(REPO_ROOT, 'dist', 'PalisadeScanV1', 'index.js');
  const useBundle = existsSync(bundle);
  const emulator = await startEmulator({ seed: structuredClone(defaultSeed), faultsFromEnv: false });
  const work = mkdtempSync(join(tmpdir(), 'palisade-decorator-bench-'));
  try {
    const wallMs: number[] = [];
    let restCalls = 0;
    let result = '?';
    for (let i = 0; i < (opts.runs ?? 5); i++) {
      const build = emulator.store.createBuild({ project: 'Palisade Demo', repository: 'web-shop', sourceBranch: 'refs/heads/main', reason: 'individualCI' });
      emulator.requestLog.clear();
      const t0 = performance.now();
      const run = await runTaskAsAgent({
        emulator, buildId: build.id, sourcesDirectory: work, workDirectory: work, inputs: { managed: 'true' },
        ...(useBundle ? { taskEntry: bundle } : { taskEntry: TASK_ENTRY }),
      });
      wallMs.push(performance.now() - t0);
      restCalls = emulator.requestLog.entries.length;
      result = `${run.result ?? '?'} (${run.outputs.result ?? '?'})`;
    }
    return { entry: useBundle ? 'bundle' : 'tsc build', wallMs: wallMs.map((w) => Math.round(w)), medianMs: Math.round(median(wallMs)), restCalls, result };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await emulator.stop();
  }
}

export function decoratorSkipTarget(r: DecoratorSkipResult): TargetResult {
  return {
    id: 'decorator-skip',
    target: `Managed scan in a repository that is not enabled (decorator-injected step skipping) < ${DECORATOR_SKIP_TARGET_S} s of job time`,
    status: r.medianMs / 1000 < DECORATOR_SKIP_TARGET_S ? 'PASS' : 'FAIL',
    measured: `${(r.medianMs / 1000).toFixed(2)} s (median of ${r.wallMs.length}, ${r.entry})`,
    note: `task process start to exit: node start-up, loading the task, ${r.restCalls} REST calls (settings read and the client's version negotiation); result ${r.result}`,
  };
}

if (require.main === module) {
  const i = process.argv.indexOf('--runs');
  void measureDecoratorSkip({ runs: i >= 0 ? Number(process.argv[i + 1]) : undefined }).then((r) => {
    const t = decoratorSkipTarget(r);
    process.stdout.write(`${t.status}  ${t.target}\n  measured: ${t.measured}; runs ${r.wallMs.join(', ')} ms\n  ${t.note}\n`);
    process.exitCode = t.status === 'PASS' ? 0 : 1;
  });
}
