/**
 * PR scan latency end to end: the built task, run as an agent runs it, on a pull-request build
 * of a 50,000-file repository whose PR changes 3 files, against the emulator. Reports wall
 * time from process start to exit and the REST calls the emulator served.
 *
 *   node out/test/bench/prLatency.js [--files 50000] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../emulator/index';
import { defaultSeed, type SeedData } from '../emulator/seed';
import { runTaskAsAgent } from '../support/agentShim';
import { REPO_ROOT } from '../support/paths';
import { median } from './measure';
import { Rng } from './prng';

export interface PrLatencyResult {
  files: number;
  changed: number;
  wallMs: number[];
  medianMs: number;
  restCalls: number;
  restCallsByRoute: Record<string, number>;
  newFindings: string;
  result: string;
}

const REPO_NAME = 'bench-monorepo';
const PROJECT = 'Palisade Demo';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.test' } });
}

/** A repository of `files` small source files and a PR merge commit changing 3 of them (reused). */
function ensureRepo(dir: string, files: number): void {
  if (existsSync(join(dir, '.git', 'palisade-bench-ready'))) return;
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  const rng = new Rng('pr-latency');
  for (let i = 0; i < files; i++) {
    const d = join(dir, 'src', `pkg${i % 500}`);
    if (i < 500) mkdirSync(d, { recursive: true });
    writeFileSync(join(d, `mod${i}.ts`), `export function f${i}(x: number): number {\n  return x * ${rng.int(1000)} + ${rng.int(1000)};\n}\n`);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
  git(dir, ['checkout', '-q', '-b', 'feature']);
  // The PR: two edits and one new file holding a (fake, assembled) credential.
  writeFileSync(join(dir, 'src', 'pkg1', 'mod1.ts'), 'export const retries = 3;\n');
  writeFileSync(join(dir, 'src', 'pkg2', 'mod2.ts'), 'export const timeoutMs = 2500;\n');
  writeFileSync(join(dir, 'src', 'pkg3', 'settings.ts'), `export const token = "${'ghp_' + 'k3N9x2Lq7Pz4Wm8Rt1Yb6Hc5Jd0Fs2Gv9Ke4'}";\n`);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'feature']);
  git(dir, ['checkout', '-q', 'main']);
  git(dir, ['merge', '-q', '--no-ff', '-m', 'Merge pull request 7', 'feature']);
  writeFileSync(join(dir, '.git', 'palisade-bench-ready'), '');
}

function seedWithPr(): SeedData {
  const seed = structuredClone(defaultSeed);
  seed.repositories.push({
    id: '5e1f2a3b-0c4d-4e5f-8a9b-1c2d3e4f5a6b',
    name: REPO_NAME,
    project: PROJECT,
    defaultBranch: 'refs/heads/main',
    commits: [
      { key: 'bench-base', parents: [], author: 'contributor', date: '2026-01-01T00:00:00Z', comment: 'base', files: { '/README.md': '# bench\n' } },
      { key: 'bench-feature', parents: ['bench-base'], author: 'contributor', date: '2026-01-02T00:00:00Z', comment: 'feature', files: { '/src/pkg3/settings.ts': 'export const token = "";\n' } },
    ],
    refs: { 'refs/heads/main': 'bench-base', 'refs/heads/feature': 'bench-feature' },
  });
  seed.pullRequests.push({
    pullRequestId: 7, repository: REPO_NAME, title: 'Bench PR', description: '', createdBy: 'contributor', creationDate: '2026-01-02T00:00:00Z',
    sourceRefName: 'refs/heads/feature', targetRefName: 'refs/heads/main', mergeId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    iterations: [{ source: 'bench-feature', target: 'bench-base', date: '2026-01-02T00:00:00Z' }],
  });
  seed.builds.push({
    id: 900, project: PROJECT, repository: REPO_NAME, definition: { id: 90, name: 'bench PR' }, buildNumber: 'bench.1', status: 'inProgress',
    reason: 'pullRequest', sourceBranch: 'refs/heads/feature', commit: 'bench-feature', queueTime: '2026-01-02T00:00:00Z', requestedFor: 'contributor', artifacts: [],
  });
  return seed;
}

export async function measurePrLatency(opts: { files?: number; runs?: number; workDir?: string } = {}): Promise<PrLatencyResult> {
  const files = opts.files ?? 50_000;
  const workDir = opts.workDir ?? join(REPO_ROOT, 'bench-output', `pr-repo-${files}`);
  ensureRepo(workDir, files);
  const seed = seedWithPr();
  const emulator = await startEmulator({ seed, faultsFromEnv: false, checkHostAuthorization: false });
  try {
    const project = emulator.store.project(PROJECT);
    const repo = emulator.store.repository(REPO_NAME, project);
    const stage = join(REPO_ROOT, 'bench-output', 'pr-stage');
    mkdirSync(stage, { recursive: true });
    const variables = {
      'System.CollectionUri': emulator.orgUrl, 'System.TeamProjectId': project.id, 'System.TeamProject': project.name,
      'Build.Repository.ID': repo.id, 'Build.Repository.Name': repo.name, 'Build.Repository.Provider': 'TfsGit',
      'Build.BuildId': '900', 'Build.Reason': 'PullRequest', 'Build.SourceBranch': 'refs/pull/7/merge', 'Build.SourcesDirectory': workDir,
      'Build.ArtifactStagingDirectory': stage, 'Agent.TempDirectory': stage, 'System.JobId': 'bench', 'System.JobAttempt': '1',
      'System.PullRequest.PullRequestId': '7', 'System.PullRequest.TargetBranch': 'refs/heads/main', 'System.PullRequest.SourceBranch': 'refs/heads/feature',
    };
    const wallMs: number[] = [];
    let last: Awaited<ReturnType<typeof runTaskAsAgent>> | undefined;
    let calls = 0;
    const byRoute: Record<string, number> = {};
    for (let i = 0; i < (opts.runs ?? 3); i++) {
      emulator.requestLog.clear();
      const t0 = performance.now();
      last = await runTaskAsAgent({ emulator, buildId: 900, sourcesDirectory: workDir, workDirectory: stage, inputs: { failOn: 'high', publishArtifact: 'false', scanners: 'secrets,code' }, variables });
      wallMs.push(performance.now() - t0);
      const entries = emulator.requestLog.entries;
      calls = entries.length;
      for (const k of Object.keys(byRoute)) delete byRoute[k];
      for (const e of entries) byRoute[`${e.method} ${e.route ?? e.path}`] = (byRoute[`${e.method} ${e.route ?? e.path}`] ?? 0) + 1;
    }
    return {
      files,
      changed: 3,
      wallMs: wallMs.map((w) => Math.round(w)),
      medianMs: Math.round(median(wallMs)),
      restCalls: calls,
      restCallsByRoute: byRoute,
      newFindings: last?.outputs.newFindingCount ?? '?',
      result: last?.result ?? '?',
    };
  } finally {
    await emulator.stop();
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (n: string) => {
    const i = argv.indexOf(n);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  void measurePrLatency({ files: arg('--files'), runs: arg('--runs') }).then((r) => {
    process.stdout.write(`PR scan, ${r.changed} changed files in a ${r.files}-file repository (task as an agent, against the emulator):\n`);
    process.stdout.write(`  wall: median ${(r.medianMs / 1000).toFixed(2)} s (runs: ${r.wallMs.map((w) => (w / 1000).toFixed(2)).join(', ')} s); result ${r.result}; new findings ${r.newFindings}\n`);
    process.stdout.write(`  REST calls: ${r.restCalls}\n`);
    for (const [k, n] of Object.entries(r.restCallsByRoute).sort((a, b) => b[1] - a[1])) process.stdout.write(`    ${String(n).padStart(3)}  ${k}\n`);
    mkdirSync(join(REPO_ROOT, 'bench-output'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'bench-output', 'pr-latency.json'), JSON.stringify(r, null, 2) + '\n');
  });
}
