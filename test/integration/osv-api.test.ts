import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { scanDependencies, type AdvisoryQuery } from '../../tasks/engine/deps/index';
import { createAdvisorySource, HttpJsonClient, OsvApiSource } from '../../tasks/osv/index';
import { fixture } from '../tasks/engine/deps/support/fixtures';
import { startOsvStub, stubKey, type OsvStub, type OsvStubOptions } from '../tasks/engine/deps/support/osvStub';
import { requireShared } from '../support/paths';

/** Records every wait the client asks for instead of sleeping, so retries cost no time. */
function recordingSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

const LOCK = (name: string, version: string) =>
  JSON.stringify({ lockfileVersion: 3, packages: { '': {}, [`node_modules/${name}`]: { version } } }, null, 2);

describe('OSV API client against a local OSV stub', () => {
  let stub: OsvStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function stubWith(opts: OsvStubOptions): Promise<OsvStub> {
    stub = await startOsvStub(opts);
    return stub;
  }

  describe('recorded traffic', () => {
    it('answers every recorded package query as recorded, in batches of the configured size', async function () {
      const recordedFile = requireShared(this, 'fixtures', 'osv', 'querybatch-recorded.jsonl');
      const s = await stubWith({ recordedFile });
      const http = new HttpJsonClient({ env: {} });
      const source = new OsvApiSource(s.url, http, 100);
      const queries = [...s.answers.keys()].map((k) => {
        const [ecosystem, name, version] = k.split('|');
        return { ecosystem, name, version } as unknown as AdvisoryQuery;
      });
      assert.ok(queries.length > 900, `expected the recorded queries, got ${queries.length}`);
      const results = await source.queryBatch(queries);
      queries.forEach((q, i) => assert.deepEqual(results[i].vulnIds, s.answers.get(stubKey(q.ecosystem, q.name, q.version)), `${q.ecosystem} ${q.name}@${q.version}`));
      const posts = s.requests.filter((r) => r.method === 'POST');
      assert.equal(posts.length, Math.ceil(queries.length / 100));
      for (const p of posts) {
        const body = JSON.parse(p.body) as { queries: { package: { ecosystem: string; name: string }; version: string }[] };
        assert.ok(body.queries.length <= 100);
        for (const q of body.queries) assert.deepEqual(Object.keys(q).sort(), ['package', 'version']);
      }
      assert.ok(results.some((r) => r.vulnIds.length > 0) && results.some((r) => r.vulnIds.length === 0));

      await source.queryBatch(queries.slice(0, 50));
      assert.equal(s.requests.filter((r) => r.method === 'POST').length, posts.length, 'answers are cached within a run');
      http.close();
    });

    it('follows next_page_token until every advisory of a query is collected', async function () {
      const recordedFile = requireShared(this, 'fixtures', 'osv', 'querybatch-recorded.jsonl');
      const s = await stubWith({ recordedFile, pageSize: 25 });
      const source = createAdvisorySource({ baseUrl: `${s.url}/v1`, env: {} });
      const [r] = await source.queryBatch([{ ecosystem: 'Go', name: 'stdlib', version: '1.19' }]);
      const expected = s.answers.get(stubKey('Go', 'stdlib', '1.19')) ?? [];
      assert.ok(expected.length > 50);
      assert.deepEqual(r.vulnIds, expected);
      assert.equal(s.requests.length, Math.ceil(expected.length / 25));
      assert.ok(s.requests.slice(1).every((q) => /"page_token":"\d+"/.test(q.body)));
      source.close();
    });

    it('scans manifests end to end: recorded answers, record details, withdrawn and unknown advisories', async function () {
      const recordedFile = requireShared(this, 'fixtures', 'osv', 'querybatch-recorded.jsonl');
      const recordsDir = requireShared(this, 'fixtures', 'osv', 'records');
      const s = await stubWith({
        recordedFile,
        recordsDir,
        // Which package versions the fixture records affect (read from their ranges).
        extra: {
          'npm|i18next|1.10.2': ['GHSA-f89g-whpf-6q9m'],
          'npm|jquery|2.2.4': ['GHSA-mhpp-875w-9cpv'],
          'npm|mixin-deep|1.3.1': ['GHSA-fhjf-83wg-r2j9'],
          'RubyGems|paranoid2|1.1.6': ['GHSA-4g4c-8gqh-m4vm'],
          'RubyGems|passenger|4.0.2': ['GHSA-9qj7-jvg4-qr2x'],
          'RubyGems|activesupport|4.1.0': ['GHSA-35c4-f3rq-f9g3'],
          'Maven|com.typesafe.akka:akka-actor_2.12|2.5.10': ['GHSA-mr95-9rr4-668f'],
          'Maven|org.xwiki.commons:xwiki-commons-core|12.10.1': ['GHSA-76mp-659p-rw65'],
          'PyPI|Products.PluggableAuthService|2.6.0': ['GHSA-p44j-xrqg-4xrr'],
        },
      });
      const source = createAdvisorySource({ baseUrl: s.url, env: {} });
      const rels = ['npm-v1/package-lock.json', 'gemfile/Gemfile.lock', 'maven/pom.xml', 'pip/requirements-dev.txt', 'nuget-lock/packages.lock.json'];
      const { findings, diagnostics, rules } = await scanDependencies(rels.map((p) => ({ path: p, abs: fixture(p) })), source);
      source.close();

      const byPackage = new Map(findings.map((f) => [`${f.properties?.package}@${f.properties?.installedVersion} ${f.ruleId}`, f]));
      const expectFix: [string, string[]][] = [
        ['i18next@1.10.2 osv.ghsa-f89g-whpf-6q9m', ['1.10.3']],
        ['jquery@2.2.4 osv.ghsa-mhpp-875w-9cpv', ['3.0.0']],
        ['mixin-deep@1.3.1 osv.ghsa-fhjf-83wg-r2j9', ['1.3.2']],
        ['paranoid2@1.1.6 osv.ghsa-4g4c-8gqh-m4vm', []],
        ['passenger@4.0.2 osv.ghsa-9qj7-jvg4-qr2x', ['4.0.5']],
        ['com.typesafe.akka:akka-actor_2.12@2.5.10 osv.ghsa-mr95-9rr4-668f', ['2.5.16']],
        ['org.xwiki.commons:xwiki-commons-core@12.10.1 osv.ghsa-76mp-659p-rw65', ['12.10.2']],
        ['Products.PluggableAuthService@2.6.0 osv.ghsa-p44j-xrqg-4xrr', ['2.6.1']],
      ];
      for (const [key, fixed] of expectFix) {
        const f = byPackage.get(key);
        assert.ok(f, `expected a finding for ${key}; got ${[...byPackage.keys()].join(', ')}`);
        assert.deepEqual(f.properties?.fixedVersions, fixed, key);
        assert.equal(f.properties?.detailsUnavailable, undefined, key);
      }
      assert.ok(![...byPackage.keys()].some((k) => k.startsWith('activesupport@')), 'the withdrawn advisory is ignored');
      const jquery = byPackage.get('jquery@2.2.4 osv.ghsa-mhpp-875w-9cpv');
      assert.equal(jquery?.path, 'npm-v1/package-lock.json');
      assert.equal(jquery?.region.startLine, 12);
      assert.equal(jquery?.properties?.dev, true);
      assert.deepEqual(rules.find((r) => r.id === 'osv.ghsa-f89g-whpf-6q9m')?.cwe, ['CWE-79']);

      // Recorded answers name advisories the stub has no record of: reported by id, with a warning naming the 404.
      const newtonsoft = findings.find((f) => f.properties?.package === 'Newtonsoft.Json');
      assert.equal(newtonsoft?.ruleId, 'osv.ghsa-5crp-9r3c-p9vr');
      assert.equal(newtonsoft?.properties?.detailsUnavailable, true);
      const fetchWarning = diagnostics.find((d) => /Could not fetch/.test(d.message));
      assert.ok(fetchWarning, JSON.stringify(diagnostics));
      assert.match(fetchWarning.message, /GHSA-5crp-9r3c-p9vr/);
      assert.match(fetchWarning.message, /answered HTTP 404/);
      assert.ok(!diagnostics.some((d) => d.level === 'error'), JSON.stringify(diagnostics));

      const vulnGets = s.requests.filter((r) => r.method === 'GET').map((r) => r.path);
      assert.equal(new Set(vulnGets).size, vulnGets.length, 'each advisory is fetched once');
    });
  });

  describe('failures are diagnostics that name the request and the remedy', () => {
    async function scanOne(opts: Parameters<typeof createAdvisorySource>[0]) {
      const { makeTree, removeTree } = await import('../support/tmpTree');
      const root = makeTree({ 'package-lock.json': LOCK('left-pad', '1.3.0') });
      const source = createAdvisorySource({ env: {}, ...opts });
      try {
        return await scanDependencies([{ path: 'package-lock.json', abs: `${root}/package-lock.json` }], source);
      } finally {
        source.close();
        removeTree(root);
      }
    }

    it('retries 5xx with back-off and succeeds when the service recovers', async () => {
      const s = await stubWith({ extra: { 'npm|left-pad|1.3.0': [] }, intercept: (_r, n) => (n <= 2 ? { status: 503, body: 'upstream unavailable' } : undefined) });
      const { delays, sleep } = recordingSleep();
      const r = await scanOne({ baseUrl: s.url, sleep, backoffMs: 100 });
      assert.deepEqual(r.diagnostics, []);
      assert.equal(s.requests.length, 3);
      assert.equal(delays.length, 2);
      assert.ok(delays[0] >= 50 && delays[0] <= 100 && delays[1] >= 100 && delays[1] <= 200, `exponential back-off: ${delays}`);
    });

    it('gives up after the configured attempts on persistent 5xx', async () => {
      const s = await stubWith({ intercept: () => ({ status: 502, body: '<html>Bad Gateway</html>' }) });
      const r = await scanOne({ baseUrl: s.url, sleep: recordingSleep().sleep, attempts: 3 });
      assert.equal(s.requests.length, 3);
      assert.deepEqual(r.findings, []);
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0];
      assert.equal(d.level, 'error');
      assert.match(d.message, new RegExp(`POST ${s.url}/v1/querybatch failed: HTTP 502 Bad Gateway: <html>Bad Gateway</html> \\(tried 3 times\\)`));
      assert.match(d.message, /run the scan again later.*--osv-offline/);
    });

    it('honours Retry-After on 429, and stops when it asks for more than it will wait', async () => {
      let s = await stubWith({ intercept: (_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '7' }, body: '{}' } : undefined) });
      const rec = recordingSleep();
      const ok = await scanOne({ baseUrl: s.url, sleep: rec.sleep });
      assert.deepEqual(ok.diagnostics, []);
      assert.deepEqual(rec.delays, [7000]);
      await s.close();

      s = await stubWith({ intercept: () => ({ status: 429, headers: { 'retry-after': '3600' }, body: '{"code":8,"message":"Quota exceeded"}' }) });
      const rec2 = recordingSleep();
      const r = await scanOne({ baseUrl: s.url, sleep: rec2.sleep });
      assert.equal(s.requests.length, 1);
      assert.deepEqual(rec2.delays, []);
      assert.match(r.diagnostics[0].message, /HTTP 429 Too Many Requests: Quota exceeded; the server asked to retry after 3600 s, longer than the 60 s this scan waits/);
    });

    it('times out a server that never answers', async () => {
      const s = await stubWith({ intercept: () => 'hang' });
      const r = await scanOne({ baseUrl: s.url, sleep: recordingSleep().sleep, timeoutMs: 150, attempts: 2 });
      assert.equal(s.requests.length, 2);
      assert.match(r.diagnostics[0].message, new RegExp(`POST ${s.url}/v1/querybatch failed: no complete answer within 150 ms \\(tried 2 times\\)`));
      assert.match(r.diagnostics[0].message, /reachable from this machine.*HTTPS_PROXY/);
    });

    it('reports a response that is not JSON, or not a querybatch answer, without retrying', async () => {
      let s = await stubWith({ intercept: () => ({ status: 200, body: '<!doctype html><title>Sign in to the Wi-Fi</title>' }) });
      let r = await scanOne({ baseUrl: s.url });
      assert.equal(s.requests.length, 1);
      assert.match(r.diagnostics[0].message, /answered HTTP 200 with a body that is not JSON \(it starts with "<!doctype html><title>Sign in to the Wi-Fi<\/title>"\)\. Check that the OSV URL points at an OSV API/);
      await s.close();

      s = await stubWith({ intercept: () => ({ status: 200, body: '{"results": []}' }) });
      r = await scanOne({ baseUrl: s.url });
      assert.match(r.diagnostics[0].message, new RegExp(`POST ${s.url}/v1/querybatch returned a malformed querybatch response \\(0 results for 1 queries\\)`));
      await s.close();

      s = await stubWith({ intercept: () => ({ status: 200, body: '{"results": [{"vulns": [{"modified": "x"}]}]}' }) });
      r = await scanOne({ baseUrl: s.url });
      assert.match(r.diagnostics[0].message, /lists a vulnerability without an id/);
    });

    it('does not retry a 4xx and says to check the URL', async () => {
      const s = await stubWith({ intercept: () => ({ status: 400, body: '{"code":3,"message":"Invalid ecosystem."}' }) });
      const r = await scanOne({ baseUrl: s.url, sleep: recordingSleep().sleep });
      assert.equal(s.requests.length, 1);
      assert.match(r.diagnostics[0].message, /HTTP 400 Bad Request: Invalid ecosystem\. Check that the OSV URL points at an OSV API/);
    });

    it('reports a refused connection', async () => {
      const port = await new Promise<number>((resolve) => {
        const srv = createServer();
        srv.listen(0, '127.0.0.1', () => {
          const p = (srv.address() as AddressInfo).port;
          srv.close(() => resolve(p));
        });
      });
      const r = await scanOne({ baseUrl: `http://127.0.0.1:${port}`, sleep: recordingSleep().sleep, attempts: 2 });
      assert.match(r.diagnostics[0].message, new RegExp(`POST http://127\\.0\\.0\\.1:${port}/v1/querybatch failed: connection refused`));
    });

    it('keeps the finding when its record fetch fails, and retries the fetch', async () => {
      const s = await stubWith({
        extra: { 'npm|left-pad|1.3.0': ['GHSA-test-0000-0001'] },
        intercept: (r) => (r.method === 'GET' ? { status: 500, body: 'boom' } : undefined),
      });
      const r = await scanOne({ baseUrl: s.url, sleep: recordingSleep().sleep, attempts: 2 });
      assert.equal(r.findings.length, 1);
      assert.equal(r.findings[0].ruleId, 'osv.ghsa-test-0000-0001');
      assert.equal(s.requests.filter((q) => q.method === 'GET').length, 2);
      assert.match(r.diagnostics[0].message, new RegExp(`GET ${s.url}/v1/vulns/GHSA-test-0000-0001 failed: HTTP 500 Internal Server Error: boom`));
    });

    it('refuses an OSV URL that is not http(s)', () => {
      assert.throws(() => createAdvisorySource({ baseUrl: 'ftp://osv.example' }), /must be http\(s\)/);
      assert.throws(() => createAdvisorySource({ baseUrl: 'not a url' }), /not a valid URL/);
    });
  });
});
