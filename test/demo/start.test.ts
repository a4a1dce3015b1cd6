/**
 * `npm start` as a person uses it: the demo comes up, serves the hub, stops cleanly on
 * Ctrl-C (SIGINT), and explains a busy port instead of crashing.
 */
import { buildBundles, staleBundles } from '../package/packageVsix';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const START = join(REPO_ROOT, 'out', 'test', 'demo', 'start.js');

function launch(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const env = { ...process.env };
  delete env.PALISADE_DEMO_PORT;
  const child = spawn(process.execPath, [START, '--no-build', ...args], { cwd: REPO_ROOT, env });
  let text = '';
  child.stdout.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(output: () => string, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = pattern.exec(output());
    if (m) return m;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('npm start (the demo)', function () {
  this.timeout(120_000);

  // The demo runs the production bundles; build the ones a fresh clone lacks (as npm start does).
  before(function () {
    this.timeout(300_000);
    const stale = staleBundles();
    if (stale.length) buildBundles(() => undefined, stale);
  });

  it('runs both builds, serves the hub and stops cleanly on Ctrl-C', async () => {
    const demo = launch(['--port', '0']);
    try {
      await waitFor(demo.output, /Press Ctrl-C to stop\./, 90_000);
      assert.match(demo.output(), /\(main\): task Failed/);
      assert.match(demo.output(), /\(pull request \d+\): task Failed/);
      assert.match(demo.output(), /status palisade\/security-scan: failed "3 new findings/);
      // Managed scanning: a pipeline nobody edited is scanned (observe only), a repository switched off skips; onboarding shows its plan, then creates it.
      assert.match(demo.output(), /web-shop CI .* runs as: checkout -> \[Palisade security scan \(managed\), injected by the decorator\] -> CmdLine/);
      assert.match(demo.output(), /-> Succeeded in \d+ ms: Managed scan of repository web-shop \(observe only/);
      assert.match(demo.output(), /-> Succeeded in \d+ ms: Managed scanning is not enabled for repository payments-api/);
      assert.match(demo.output(), /old-portal: the plan shown before anything is created:[\s\S]*created for old-portal: Pull request \d+ opened/);
      const [hubUrl] = await waitFor(demo.output, /http:\/\/127\.0\.0\.1:\d+\/_host\/\?page=%2Fhub%2Fhub\.html\S*/, 1000);
      const page = await fetch(hubUrl);
      assert.equal(page.status, 200);
      const api = new URL(hubUrl).origin;
      assert.equal((await fetch(`${api}/_emulator/health`)).status, 200);

      demo.child.kill('SIGINT');
      assert.equal(await demo.exited, 0, demo.output());
      assert.match(demo.output(), /Stopped\./);
      await assert.rejects(fetch(`${api}/_emulator/health`), 'the emulator is down after Ctrl-C');
    } finally {
      if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
    }
  });

  it('says which port is busy and how to pick another', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const demo = launch(['--port', String(port)]);
      assert.equal(await demo.exited, 1, demo.output());
      // The demo uses the port and the next one; other suites running beside this one may hold the
      // next, and then naming that one is just as right.
      const busy = /port (\d+) on 127\.0\.0\.1 is already in use/.exec(demo.output());
      assert.ok(busy && [port, port + 1].includes(Number(busy[1])), demo.output());
      assert.match(demo.output(), /npm start -- --port \d+/);
      assert.doesNotMatch(demo.output(), /at .*\.js:\d+/, 'no stack trace');
    } finally {
      blocker.close();
    }
  });
});
