/**
 * The extension package as the Marketplace and an agent receive it: unpacks the vsix and
 * checks the manifest (identity, contributions, scopes, files), that every file a contribution
 * references is in the package, that task.json validates against the task schema, that the
 * task folder runs anywhere with nothing to install or download, and finally runs the task
 * from the unpacked folder against the emulator (the demo's CI and PR builds) to the expected
 * result.
 *
 * The package is dist/palisade-<version>.vsix when that is up to date; otherwise one is made in
 * a temporary folder from the bundles (rebuilding the bundles that are out of date), so a test
 * run never leaves a development build where `npm run package` puts the real one.
 */
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import yauzl from 'yauzl';
import { startEmulator, type Emulator } from '../emulator';
import { BUILD_TAB_CONTRIBUTION_ID, EXTENSION_ID, HUB_CONTRIBUTION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import { PALISADE_BUILD_TAG, SCAN_RECORD_FILE } from '../../tasks/contract/scanRecord';
import { runDemoBuilds, type DemoBuildResult } from '../demo/demoBuilds';
import { DEMO, demoPullRequestId, demoSeed } from '../demo/demoRepo';
import { FAKE_SECRET_NAMES, fakeSecret } from '../demo/fakeSecrets';
import { REPO_ROOT, requireShared } from '../support/paths';
import {
  buildBundles, MAX_VSIX_BYTES, packageVsix, readManifest, staleBundles, vsixIsStale, vsixPathFor, type ExtensionManifest,
} from './packageVsix';

/** The scopes the extension may ask for, and nothing more (see overview.md and README.md). */
const EXPECTED_SCOPES = ['vso.build_execute', 'vso.code_write', 'vso.project_write'];

/** extension.vsomanifest: what Azure DevOps reads at install (identity is in extension.vsixmanifest). */
interface VsoManifest {
  scopes?: string[];
  contributions: ExtensionManifest['contributions'];
}

interface TaskJson {
  id: string;
  name: string;
  version: { Major: number; Minor: number; Patch: number };
  execution: Record<string, { target: string }>;
  inputs: Array<{ name: string }>;
}

function unzip(file: string, dir: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    yauzl.open(file, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`cannot open ${file}`));
      zip.on('error', reject);
      zip.on('end', () => resolve(names));
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = join(dir, entry.fileName);
        if (!target.startsWith(dir + sep)) return reject(new Error(`unsafe path in vsix: ${entry.fileName}`));
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          zip.readEntry();
          return;
        }
        names.push(entry.fileName);
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          stream.pipe(createWriteStream(target)).on('finish', () => zip.readEntry()).on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

function filesUnder(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, base));
    else out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('extension package (vsix)', function () {
  this.timeout(600_000);
  let work: string;
  let vsix: string;
  let root: string;
  let entries: string[];
  let manifest: VsoManifest;
  let source: ExtensionManifest;
  let taskJson: TaskJson;
  let taskDir: string;

  before(async function () {
    work = mkdtempSync(join(tmpdir(), 'palisade-vsix-'));
    vsix = vsixPathFor();
    if (vsixIsStale(vsix)) {
      const stale = staleBundles();
      if (stale.length) {
        process.stdout.write(`      (building ${stale.join(', ')} for the package test: webpack, production)\n`);
        buildBundles(() => undefined, stale);
      }
      vsix = packageVsix({ build: false, outputPath: join(work, 'palisade-test.vsix'), stagingDir: join(work, 'stage') }).path;
    }
    root = join(work, 'unpacked');
    entries = await unzip(vsix, root);
    manifest = JSON.parse(readFileSync(join(root, 'extension.vsomanifest'), 'utf8')) as VsoManifest;
    source = readManifest();
    const task = manifest.contributions.find((c) => c.type === 'ms.vss-distributed-task.task');
    assert.ok(task, 'the package has no task contribution');
    taskDir = join(root, String(task.properties.name));
    taskJson = JSON.parse(readFileSync(join(taskDir, 'task.json'), 'utf8')) as TaskJson;
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('stays within the Marketplace size limit and ships no source maps or development files', () => {
    assert.ok(statSync(vsix).size <= MAX_VSIX_BYTES, `${vsix} is ${statSync(vsix).size} bytes`);
    const unwanted = entries.filter((e) => /\.map$|\.ts$|(^|\/)node_modules\/|render-icons\.js$|\.test\.js$/.test(e));
    assert.deepEqual(unwanted, []);
  });

  it('carries the identity, description, icons, categories, tags and marketplace page of vss-extension.json', () => {
    const vsixXml = readFileSync(join(root, 'extension.vsixmanifest'), 'utf8');
    assert.match(vsixXml, new RegExp(`<Identity [^>]*Id="${EXTENSION_ID}"[^>]*Publisher="${PUBLISHER_ID}"[^>]*Version="${source.version}"`));
    assert.equal(source.publisher, PUBLISHER_ID);
    assert.equal(source.id, EXTENSION_ID);
    assert.equal(source.version, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    assert.match(vsixXml, /<DisplayName>Palisade<\/DisplayName>/);
    assert.ok(source.description.length > 40 && source.description.length <= 200, 'description: one or two sentences (the Marketplace cuts at 200)');
    assert.match(vsixXml, /<Categories>Azure Repos,Azure Pipelines<\/Categories>/);
    assert.ok((source.tags ?? []).length >= 3);
    const icon = source.icons?.default;
    assert.ok(icon && entries.includes(icon), 'the default icon is in the package');
    assert.deepEqual(pngSize(join(root, icon)), { width: 128, height: 128 });

    const overview = readFileSync(join(root, 'overview.md'), 'utf8');
    assert.match(overview, /- task: PalisadeScan@1/);
    assert.match(overview, /```yaml[\s\S]*SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\)[\s\S]*```/);
    const images = [...overview.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 2, 'the overview shows screenshots');
    for (const img of images) {
      assert.ok(entries.includes(img), `overview.md shows ${img}, which is not in the package`);
      assert.match(vsixXml, new RegExp(`Path="${img.replace(/[.]/g, '\\.')}" Addressable="true"`), `${img} must be addressable for the Marketplace page`);
      assert.ok(statSync(join(root, img)).size < 300 * 1024, `${img} is over 300 KB`);
    }
  });

  it('asks only for the scopes it needs, each explained to the installer', function () {
    assert.deepEqual([...(manifest.scopes ?? [])].sort(), EXPECTED_SCOPES);
    const overview = readFileSync(join(root, 'overview.md'), 'utf8');
    for (const s of EXPECTED_SCOPES) assert.ok(overview.includes(`\`${s}\``), `overview.md explains ${s}`);
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const missing = EXPECTED_SCOPES.filter((s) => !readme.includes(s));
    assert.deepEqual(missing, [], 'README.md says what each scope is for');
  });

  it('contributes the task, the Security hub under Repos and a build-results tab for the task', () => {
    const byType = (t: string) => manifest.contributions.filter((c) => c.type === t);
    const [task] = byType('ms.vss-distributed-task.task');
    assert.deepEqual(task.targets, ['ms.vss-distributed-task.tasks']);
    assert.equal(taskJson.name, 'PalisadeScan');
    assert.equal(taskJson.version.Major, 1);

    const [hub] = byType('ms.vss-web.hub');
    assert.equal(hub.id, HUB_CONTRIBUTION_ID);
    assert.deepEqual(hub.targets, ['ms.vss-code-web.code-hub-group']);
    assert.equal(hub.properties.name, 'Security');

    const [tab] = byType('ms.vss-build-web.build-results-tab');
    assert.ok(tab, 'a build-results tab');
    assert.equal(tab.id, BUILD_TAB_CONTRIBUTION_ID);
    assert.deepEqual(tab.targets, ['ms.vss-build-web.build-results-view']);
    assert.deepEqual(tab.properties.supportsTasks, [taskJson.id], 'the tab shows only on builds that ran the task');
    assert.ok(tab.includes?.includes('ms.vss-build-web.build-page-data-service'));
  });

  it('contributes the managed-scan pipeline decorator after checkout, its template served as text', () => {
    const [decorator] = manifest.contributions.filter((c) => c.type === 'ms.azure-pipelines.pipeline-decorator');
    assert.ok(decorator, 'a pipeline decorator');
    assert.deepEqual(decorator.targets, ['ms.azure-pipelines-agent-job.post-checkout-tasks']);
    const file = source.files.find((f) => (f.packagePath ?? f.path) === decorator.properties.template);
    assert.ok(file?.addressable && file.contentType === 'text/plain', 'addressable, text/plain (Microsoft Learn, Author a pipeline decorator)');
    assert.match(readFileSync(join(root, String(decorator.properties.template)), 'utf8'), new RegExp(`task: ${taskJson.id}@${taskJson.version.Major}`), 'the template names the task by id');
  });

  it('contains every file a contribution references', () => {
    const missing: string[] = [];
    const need = (p: string, why: string) => {
      const clean = p.replace(/[?#].*$/, '');
      if (!entries.includes(clean)) missing.push(`${clean} (${why})`);
    };
    for (const c of manifest.contributions) {
      if (typeof c.properties.uri === 'string') need(c.properties.uri, `${c.id} uri`);
      if (typeof c.properties.template === 'string') need(c.properties.template, `${c.id} template`);
      const icon = c.properties.icon as { light?: string; dark?: string } | string | undefined;
      if (typeof icon === 'string') need(icon, `${c.id} icon`);
      else for (const p of Object.values(icon ?? {})) need(p as string, `${c.id} icon`);
      if (c.type === 'ms.vss-distributed-task.task') {
        const dir = String(c.properties.name);
        need(`${dir}/task.json`, c.id);
        for (const [handler, e] of Object.entries(taskJson.execution)) need(`${dir}/${e.target}`, `${handler} handler`);
      }
    }
    // Pages load their scripts and the hub its rule catalog, relative to themselves.
    for (const page of entries.filter((e) => e.endsWith('.html'))) {
      const html = readFileSync(join(root, page), 'utf8');
      for (const m of html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)) {
        if (!/^[a-z]+:|^\/\//i.test(m[1])) need(join(dirname(page), m[1]).split(sep).join('/'), `loaded by ${page}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('has a task.json that validates against the Azure Pipelines task schema', function () {
    const schemaPath = requireShared(this, 'schemas', 'azure-pipelines-tasks.schema.json');
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    const valid = validate(taskJson);
    assert.ok(valid, `task.json: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    assert.match(taskJson.id, /^[0-9a-f-]{36}$/);
    const handlers = Object.keys(taskJson.execution);
    assert.ok(handlers.some((h) => /^Node(20|24)/.test(h)), `a Node 20+ handler (agents on every OS and CPU have one): ${handlers.join(', ')}`);
    assert.ok(handlers.every((h) => /^Node/.test(h)), 'no PowerShell-only handler, which would not run on Linux or macOS');
  });

  it('validates vss-extension.json against the schemastore schema', function () {
    const schemaPath = requireShared(this, 'schemas', 'vss-extension.schemastore.json');
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    assert.ok(validate(source), ajv.errorsText(validate.errors, { separator: '\n' }));
  });

  it('has a task folder that runs on any agent with nothing to install or download', () => {
    const files = filesUnder(taskDir);
    // No native add-ons (they are per OS and CPU), no dependencies left to install.
    assert.deepEqual(files.filter((f) => /\.node$|(^|\/)package\.json$|(^|\/)node_modules\//.test(f)), []);
    // Everything the bundle requires is Node itself.
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const external: string[] = [];
    for (const f of files.filter((x) => x.endsWith('.js'))) {
      const text = readFileSync(join(taskDir, f), 'utf8');
      for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const id = m[1];
        // Ajv's generated-code references (`require("ajv/dist/runtime/...")`) are strings in its code generator, never loaded.
        if (builtins.has(id) || id.startsWith('ajv/dist/runtime/')) continue;
        if (id.startsWith('.')) {
          if (!existsSync(join(taskDir, dirname(f), id)) && !existsSync(join(taskDir, dirname(f), `${id}.js`))) external.push(`${f}: ${id}`);
          continue;
        }
        external.push(`${f}: ${id}`);
      }
    }
    assert.deepEqual(external, []);
    // Data the task reads at run time, and the scanner thread it starts.
    for (const f of ['index.js', 'scanWorker.js', 'lib.json', 'icon.png', 'grammars/tree-sitter.wasm']) assert.ok(files.includes(f), f);
    assert.ok(files.some((f) => f.startsWith('rules/secrets/') && f.endsWith('.yml')), 'secret rules');
    assert.ok(files.some((f) => f.startsWith('rules/code/') && f.endsWith('.yml')), 'code rules');
    for (const lang of ['javascript', 'typescript', 'tsx', 'python', 'c-sharp', 'java', 'go']) {
      assert.ok(files.includes(`grammars/tree-sitter-${lang}.wasm`), `grammar ${lang}`);
    }
    assert.ok(files.some((f) => f.startsWith('Strings/resources.resjson/en-US/')), 'task-lib strings');
  });

  describe('the unpacked task, run by an agent against the emulator', () => {
    let emulator: Emulator;
    let results: DemoBuildResult[];
    const prId = demoPullRequestId();

    before(async function () {
      emulator = await startEmulator({ seed: demoSeed(), faultsFromEnv: false, checkHostAuthorization: false });
      results = await runDemoBuilds({ emulator, taskEntry: join(taskDir, 'index.js'), workDir: join(work, 'agent'), pullRequestId: prId });
    });

    after(async () => {
      await emulator?.stop();
    });

    it('scans main: every planted secret, the weak code and the vulnerable packages, and fails on high', () => {
      const { run, build } = results[0];
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.result, 'Failed', run.logText);
      assert.equal(build.result, 'failed');
      assert.deepEqual(
        { critical: run.outputs.criticalCount, high: run.outputs.highCount, medium: run.outputs.mediumCount },
        { critical: '2', high: '6', medium: '3' },
        run.logText,
      );
      const sarif = JSON.parse(readFileSync(run.outputs.sarifPath, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
      const rules = new Set(sarif.runs[0].results.map((r) => r.ruleId));
      for (const id of ['aws-access-key-id', 'aws-secret-access-key', 'url-credentials', 'slack-webhook-url', 'js-sql-injection', 'js-weak-hash', 'py-command-injection', 'osv.ghsa-35jh-r3h4-6jhm']) {
        assert.ok(rules.has(id), `main: ${id} (found ${[...rules].join(', ')})`);
      }
      assert.deepEqual(run.artifacts, ['CodeAnalysisLogs']);
    });

    it('judges the pull request on the findings it introduces: status, one thread each', () => {
      const { run, prStatus, prThreads } = results[1];
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.result, 'Failed', run.logText);
      assert.equal(run.outputs.newFindingCount, '3', run.logText);
      assert.ok(prStatus, 'a palisade status on the PR');
      assert.equal(prStatus.state, 'failed');
      assert.equal(prStatus.context.name, 'security-scan');
      assert.match(prStatus.description ?? '', /3 new findings/);
      assert.equal(prThreads, 3);
      assert.match(run.logText, /git diff/);
    });

    it('publishes both scans as records in their builds and never prints or stores a planted secret in clear', () => {
      const records = results.map((r) => {
        const build = emulator.store.data.builds.find((b) => b.id === r.build.id);
        assert.deepEqual(build?.tags, [PALISADE_BUILD_TAG], `${r.label}: the build is tagged`);
        const container = emulator.store.data.containers.find((c) => c.id === build?.containerId);
        const file = Object.values(container?.items ?? {}).find((i) => i.path.endsWith(`/${SCAN_RECORD_FILE}`));
        assert.ok(file?.content, `${r.label}: a scan record in the artifact`);
        return Buffer.from(file.content, 'base64').toString('utf8');
      });
      assert.deepEqual(records.map((t) => (JSON.parse(t) as { scan: { branch: string } }).scan.branch), ['main', `pr/${prId}`]);
      assert.deepEqual(emulator.store.data.extensionData, [], 'nothing in extension data');
      const stored = records.join('\n');
      const pr = emulator.store.pullRequest(emulator.store.repository(DEMO.repository), prId);
      const threads = JSON.stringify(pr.threads) + JSON.stringify(pr.statuses);
      for (const name of FAKE_SECRET_NAMES) {
        const secret = fakeSecret(name);
        for (const r of results) {
          assert.ok(!r.run.printedExceptSetSecret.includes(secret), `${r.label} log shows ${name}`);
          assert.ok(!readFileSync(r.run.outputs.sarifPath, 'utf8').includes(secret), `${r.label} SARIF holds ${name}`);
        }
        assert.ok(!stored.includes(secret), `a scan record holds ${name}`);
        assert.ok(!threads.includes(secret), `PR threads hold ${name}`);
      }
      assert.ok(results[0].run.secretsRegistered.includes(fakeSecret('aws-secret-access-key')), 'the agent is told to mask what was found');
    });
  });
});
