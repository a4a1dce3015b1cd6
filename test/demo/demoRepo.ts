/**
 * The demo repository, "storefront": its files (test/demo/repo/, with fake secrets filled in),
 * the same history in the emulator's organisation (a commit on main, pull request
 * "Add card payments" from feature/payments), and a Git work tree with that history for the
 * task to scan, so a PR build sees a real merge commit and diffs it as on an agent.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { defaultSeed, type SeedData } from '../emulator/seed';
import { expandFakeSecrets } from './fakeSecrets';

export const DEMO_DIR = join(REPO_ROOT, 'test', 'demo');
export const DEMO_REPO_DIR = join(DEMO_DIR, 'repo');
/** OSV advisories about the packages the demo pins (the task's `osvOfflineDir`). */
export const DEMO_OSV_DIR = join(DEMO_DIR, 'osv');

export const DEMO = {
  project: 'Palisade Demo',
  repository: 'storefront',
  repositoryId: '4b1f8a63-2d7e-4c55-9a0b-6e2f1c9d7a31',
  mainBranch: 'refs/heads/main',
  prBranch: 'refs/heads/feature/payments',
  prTitle: 'Add card payments',
  definition: { id: 21, name: 'storefront CI' },
  mainCommit: { date: '2025-01-13T09:30:00Z', comment: 'Storefront: products, login, release notes, orders report', author: 'contributor' },
  prCommit: { date: '2025-01-14T15:10:00Z', comment: 'Card payments with Stripe, receipt printing, discount formulas', author: 'contributor' },
} as const;

export interface DemoTrees {
  /** path (no leading slash) -> content, every file on main. */
  main: Record<string, string>;
  /** path -> content of the files the pull request adds or changes. */
  pullRequest: Record<string, string>;
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out[relative(dir, p).split(sep).join('/')] = expandFakeSecrets(readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

export function demoTrees(): DemoTrees {
  return { main: readTree(join(DEMO_REPO_DIR, 'main')), pullRequest: readTree(join(DEMO_REPO_DIR, 'pull-request')) };
}

const withSlash = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, c]) => [`/${p}`, c]));

/**
 * The emulator's organisation plus the storefront repository and its pull request. The PR
 * gets the next free id; `demoPullRequestId(seed)` tells which.
 */
export function demoSeed(base: SeedData = defaultSeed, trees: DemoTrees = demoTrees()): SeedData {
  const seed = structuredClone(base);
  const prId = demoPullRequestId(base);
  seed.repositories.push({
    id: DEMO.repositoryId,
    name: DEMO.repository,
    project: DEMO.project,
    defaultBranch: DEMO.mainBranch,
    commits: [
      { key: 'main-1', parents: [], author: DEMO.mainCommit.author, date: DEMO.mainCommit.date, comment: DEMO.mainCommit.comment, files: withSlash(trees.main) },
      { key: 'payments-1', parents: ['main-1'], author: DEMO.prCommit.author, date: DEMO.prCommit.date, comment: DEMO.prCommit.comment, files: withSlash(trees.pullRequest) },
    ],
    refs: { [DEMO.mainBranch]: 'main-1', [DEMO.prBranch]: 'payments-1' },
  });
  seed.pullRequests.push({
    pullRequestId: prId,
    repository: DEMO.repository,
    title: DEMO.prTitle,
    description: 'Takes card payments through Stripe, prints receipts, and lets marketing define discount formulas.',
    createdBy: DEMO.prCommit.author,
    creationDate: DEMO.prCommit.date,
    sourceRefName: DEMO.prBranch,
    targetRefName: DEMO.mainBranch,
    mergeId: '6c0d3f0e-5b0a-4f4e-8d71-2f9a4c3b8e15',
    iterations: [{ source: 'payments-1', target: 'main-1', date: DEMO.prCommit.date, description: DEMO.prCommit.comment }],
  });
  return seed;
}

export function demoPullRequestId(base: SeedData = defaultSeed): number {
  return Math.max(0, ...base.pullRequests.map((p) => p.pullRequestId)) + 1;
}

function git(cwd: string, args: string[], date?: string): string {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: process.platform === 'win32' ? 'NUL' : '/dev/null',
    GIT_AUTHOR_NAME: 'Casey Contributor',
    GIT_AUTHOR_EMAIL: 'casey.contributor@palisade.example',
    GIT_COMMITTER_NAME: 'Casey Contributor',
    GIT_COMMITTER_EMAIL: 'casey.contributor@palisade.example',
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd, env, encoding: 'utf8', windowsHide: true });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export function gitAvailable(): boolean {
  const r = spawnSync('git', ['--version'], { windowsHide: true });
  return !r.error && r.status === 0;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [p, content] of Object.entries(files)) {
    const f = join(dir, ...p.split('/'));
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, content);
  }
}

export interface DemoWorkTree {
  dir: string;
  /** `git`: a clone with history (HEAD moved per build); `plain`: files only (git is missing). */
  kind: 'git' | 'plain';
  /** Puts the files of main in `dir` (HEAD at main). */
  checkoutMain(): void;
  /** Puts the files of the PR's merge commit in `dir` (HEAD detached at the merge, first parent main). */
  checkoutMerge(): void;
}

/**
 * Creates `dir` with the demo history. With git: main, feature/payments and the merge commit
 * an Azure Pipelines PR build checks out (`refs/pull/N/merge`); without git, plain folders,
 * and the task takes the PR's changes from the REST API instead, as on a shallow clone.
 */
export function createDemoWorkTree(dir: string, trees: DemoTrees = demoTrees(), prId = demoPullRequestId()): DemoWorkTree {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (!gitAvailable()) {
    const reset = (files: Record<string, string>) => {
      for (const e of readdirSync(dir)) rmSync(join(dir, e), { recursive: true, force: true });
      writeFiles(dir, files);
    };
    return {
      dir,
      kind: 'plain',
      checkoutMain: () => reset(trees.main),
      checkoutMerge: () => reset({ ...trees.main, ...trees.pullRequest }),
    };
  }
  git(dir, ['init', '-q', '-b', 'main']);
  writeFiles(dir, trees.main);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', DEMO.mainCommit.comment], DEMO.mainCommit.date);
  git(dir, ['checkout', '-q', '-b', 'feature/payments']);
  writeFiles(dir, trees.pullRequest);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', DEMO.prCommit.comment], DEMO.prCommit.date);
  git(dir, ['checkout', '-q', '--detach', 'main']);
  git(dir, ['merge', '-q', '--no-ff', '-m', `Merge pull request ${prId} from feature/payments into main`, 'feature/payments'], DEMO.prCommit.date);
  git(dir, ['update-ref', `refs/pull/${prId}/merge`, 'HEAD']);
  // What the agent's checkout leaves: the target branch as a remote-tracking ref.
  git(dir, ['update-ref', 'refs/remotes/origin/main', 'main']);
  return {
    dir,
    kind: 'git',
    checkoutMain: () => git(dir, ['checkout', '-q', '--detach', 'main']),
    checkoutMerge: () => git(dir, ['checkout', '-q', '--detach', `refs/pull/${prId}/merge`]),
  };
}
