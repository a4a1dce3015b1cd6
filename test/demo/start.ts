/**
 * `npm start`: the whole product on this machine.
 *
 *   1. builds what is missing or out of date (the task and hub bundles, the emulator's host page);
 *   2. starts the Azure DevOps emulator with its demo organisation plus the "storefront"
 *      repository (test/demo/repo, fake secrets and weak code planted) and its pull request;
 *   3. runs the packaged task (dist/PalisadeScanV1) as an agent would, once for a CI build of
 *      main and once for the pull request's build: statuses, comment threads, SARIF artifacts
 *      and the Security hub's data land in the emulator;
 *   4. serves the host page and prints where the Security hub shows the results.
 *
 *   node out/test/demo/start.js [--port N] [--no-build]
 *
 * Ctrl-C stops everything and removes the scratch folder. Port 7100 (API and host page) and
 * 7101 (extension content) unless --port or PALISADE_DEMO_PORT says otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PortInUseError, startEmulator, type Emulator } from '../emulator';
import { ensureHostBundle } from '../emulator/hostBundle';
import { REPO_ROOT } from '../support/paths';
import { EXTENSION_ID, HUB_CONTRIBUTION_ID, PUBLISHER_ID, BUILD_TAB_CONTRIBUTION_ID } from '../../tasks/contract/extension';
import { buildBundles, staleBundles } from '../package/packageVsix';
import { runDemoBuilds, type DemoBuildResult } from './demoBuilds';
import { runManagedDemo } from './demoManaged';
import { DEMO, demoPullRequestId, demoSeed, gitAvailable } from './demoRepo';

const TASK_DIST = join(REPO_ROOT, 'dist', 'PalisadeScanV1');
const HUB_DIST = join(REPO_ROOT, 'dist', 'hub');
const HUB_CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${HUB_CONTRIBUTION_ID}`;
const TAB_CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${BUILD_TAB_CONTRIBUTION_ID}`;
const INVENTORY_CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.palisade-inventory`;

interface Options {
  port: number;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { port: Number(process.env.PALISADE_DEMO_PORT || 7100), build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 65534) throw new Error(`--port needs a port number, not "${argv[i]}"`);
      options.port = v;
    } else if (a === '--no-build') options.build = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm start [-- --port N] [-- --no-build]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (usage: npm start [-- --port N] [-- --no-build])`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65534) throw new Error(`PALISADE_DEMO_PORT must be a port number`);
  return options;
}

/* ------------------------------------------------------------------ building */

async function buildWhatIsMissing(): Promise<void> {
  const parts = staleBundles();
  if (parts.length) {
    say(`Building ${parts.join(' and ')} (webpack, production; takes a minute)...`);
    buildBundles((l) => say(`  ${l}`), parts);
  }
  if (!existsSync(join(HUB_DIST, 'hub.html'))) throw new Error('dist/hub/hub.html is missing after the build');
}

/* ------------------------------------------------------------------ output */

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

function describe(r: DemoBuildResult): string[] {
  const o = r.run.outputs;
  const counts = ['critical', 'high', 'medium', 'low', 'note']
    .map((s) => [s, Number(o[`${s}Count`] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const lines = [
    `  Build ${r.build.buildNumber} (${r.label}): task ${r.run.result ?? `exited with ${r.run.exitCode}`}${r.run.resultMessage ? ` (${r.run.resultMessage})` : ''}`,
    `    open findings: ${counts || 'none'}`,
  ];
  if (r.prStatus) {
    lines.push(`    new in the pull request: ${o.newFindingCount ?? '?'}; status palisade/${r.prStatus.context.name}: ${r.prStatus.state} "${r.prStatus.description ?? ''}"`);
    lines.push(`    comment threads on the pull request: ${r.prThreads ?? 0}`);
  }
  if (r.run.artifacts.length) lines.push(`    artifacts: ${r.run.artifacts.join(', ')}`);
  return lines;
}

/* ------------------------------------------------------------------ main */

let emulator: Emulator | undefined;
let workDir: string | undefined;

async function cleanUp(): Promise<void> {
  await emulator?.stop().catch(() => undefined);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write('Forced exit.\n');
      process.exit(130);
    }
    stopping = true;
    say(`\n${signal}: stopping the demo...`);
    void cleanUp().then(() => {
      say('Stopped. Bye.');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  say(bold('Palisade demo'));
  if (options.build) await buildWhatIsMissing();
  else if (!existsSync(join(TASK_DIST, 'index.js')) || !existsSync(join(HUB_DIST, 'hub.html'))) {
    throw new Error('--no-build, but dist/PalisadeScanV1 or dist/hub is missing: run without --no-build');
  }
  // The emulator's own host page, not the product: built when missing or older than its sources,
  // with --no-build too (without it the hub answers 503).
  say('Building the emulator host page (if needed)...');
  await ensureHostBundle();
  if (stopping) return;

  try {
    emulator = await startEmulator({
      port: options.port,
      contentPort: options.port === 0 ? 0 : options.port + 1,
      seed: demoSeed(),
      staticMounts: { '/hub/': HUB_DIST },
      defaultContribution: HUB_CONTRIBUTION,
      faultsFromEnv: false,
      // The task still stores scans for the hub with the job token, which the service accepts
      // only with host authorization off (REAL-SERVICE.md).
      checkHostAuthorization: false,
    });
  } catch (e) {
    if (e instanceof PortInUseError) {
      process.stderr.write(
        `\nCannot start the demo: port ${e.port} on 127.0.0.1 is already in use ` +
          '(another `npm start` or emulator still running?).\n' +
          `Stop that program, or pick other ports: npm start -- --port ${options.port + 10}  (uses that port and the next)\n` +
          'or set PALISADE_DEMO_PORT.\n',
      );
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  say(`Emulated Azure DevOps organisation: ${emulator.orgUrl}`);

  workDir = mkdtempSync(join(tmpdir(), 'palisade-demo-'));
  const prId = demoPullRequestId();
  say(`Scanning the demo repository "${DEMO.repository}" with the packaged task (dist/PalisadeScanV1)${gitAvailable() ? '' : ' — git not found: the PR build takes its diff from the REST API'}...`);
  const results = await runDemoBuilds({
    emulator,
    taskEntry: join(TASK_DIST, 'index.js'),
    workDir,
    pullRequestId: prId,
    onBuild: (label) => say(`  running the ${label} build...`),
  });
  if (stopping) return;
  say();
  for (const r of results) for (const l of describe(r)) say(l);

  say();
  await runManagedDemo({ emulator, taskEntry: join(TASK_DIST, 'index.js'), workDir, say });
  if (stopping) return;

  const hub = emulator.hostUrl({ page: '/hub/hub.html', contribution: HUB_CONTRIBUTION });
  const prBuild = results[1].build;
  const tab = existsSync(join(HUB_DIST, 'build-tab.html'))
    ? emulator.hostUrl({ page: '/hub/build-tab.html', contribution: TAB_CONTRIBUTION, config: { buildId: prBuild.id } })
    : undefined;
  say();
  say(bold('Open the Security hub:'));
  say(`  ${hub}`);
  say(`  the pull request's findings: ${hub}&repo=${DEMO.repository}&pr=${prId}`);
  if (tab) say(`  the "Security" tab of build ${prBuild.buildNumber}: ${tab}`);
  if (existsSync(join(HUB_DIST, 'inventory.html'))) say(`  the organization inventory (Organization settings > Palisade inventory): ${emulator.hostUrl({ page: '/hub/inventory.html', contribution: INVENTORY_CONTRIBUTION })}`);
  say(`  as a reader (read-only settings): ${emulator.hostUrl({ page: '/hub/hub.html', contribution: HUB_CONTRIBUTION, user: 'reader' })}`);
  say(`REST API: ${emulator.orgUrl}  (token: ${emulator.tokens.admin}; control API: ${emulator.url}/_emulator/)`);
  say('Press Ctrl-C to stop.');
}

main().catch(async (e: unknown) => {
  process.stderr.write(`\nThe demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.PALISADE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  await cleanUp();
  process.exit(1);
});
