import assert from 'node:assert/strict';
import { generate } from 'selfsigned';
import { createAdvisorySource } from '../../tasks/osv/index';
import { startOsvStub, type OsvStub } from '../tasks/engine/deps/support/osvStub';
import { startTestProxy, type TestProxy } from '../tasks/engine/deps/support/testProxy';

/**
 * The stub is addressed by a host name that does not resolve (`.invalid` is reserved), and the
 * test proxy connects every request to 127.0.0.1: an answer can only have come through it.
 */
const HOST = 'osv-stub.invalid';
const QUERY = [{ ecosystem: 'npm' as const, name: 'i18next', version: '1.10.2' }];
const EXTRA = { 'npm|i18next|1.10.2': ['GHSA-f89g-whpf-6q9m'] };

describe('OSV client through an HTTP(S) proxy', () => {
  let stub: OsvStub | undefined;
  let proxy: TestProxy | undefined;
  afterEach(async () => {
    await stub?.close();
    await proxy?.close();
    stub = proxy = undefined;
  });

  it('sends plain-HTTP requests through HTTP_PROXY as absolute-URI requests', async () => {
    stub = await startOsvStub({ extra: EXTRA });
    proxy = await startTestProxy();
    const source = createAdvisorySource({ baseUrl: `http://${HOST}:${stub.port}`, env: { HTTP_PROXY: proxy.url } });
    const [r] = await source.queryBatch(QUERY);
    source.close();
    assert.deepEqual(r, { vulnIds: ['GHSA-f89g-whpf-6q9m'] });
    assert.deepEqual(proxy.seen.map((s) => s.line), [`POST http://${HOST}:${stub.port}/v1/querybatch`]);
    assert.equal(stub.requests.length, 1);
  });

  it('tunnels HTTPS through HTTPS_PROXY with CONNECT', async () => {
    const pems = await generate([{ name: 'commonName', value: HOST }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: HOST }] }],
    });
    stub = await startOsvStub({ extra: EXTRA, tls: { key: pems.private, cert: pems.cert } });
    proxy = await startTestProxy();
    const source = createAdvisorySource({ baseUrl: `https://${HOST}:${stub.port}`, env: { HTTPS_PROXY: proxy.url }, ca: pems.cert });
    const [r] = await source.queryBatch(QUERY);
    source.close();
    assert.deepEqual(r, { vulnIds: ['GHSA-f89g-whpf-6q9m'] });
    assert.deepEqual(proxy.seen.map((s) => s.line), [`CONNECT ${HOST}:${stub.port}`]);
    assert.equal(stub.requests[0].path, '/v1/querybatch');
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    stub = await startOsvStub({ extra: EXTRA });
    proxy = await startTestProxy();
    const source = createAdvisorySource({ baseUrl: stub.url, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    const [r] = await source.queryBatch(QUERY);
    source.close();
    assert.deepEqual(r.vulnIds, ['GHSA-f89g-whpf-6q9m']);
    assert.deepEqual(proxy.seen, [], 'the proxy saw nothing');
    assert.equal(stub.requests.length, 1);
  });

  it("uses the agent's proxy with its credentials, and its bypass list", async () => {
    stub = await startOsvStub({ extra: EXTRA });
    proxy = await startTestProxy({ credentials: 'build-agent:s3cr3t!' });
    const agentProxy = { url: proxy.url, username: 'build-agent', password: 's3cr3t!' };
    const source = createAdvisorySource({ baseUrl: `http://${HOST}:${stub.port}`, proxy: agentProxy, env: {} });
    const [r] = await source.queryBatch(QUERY);
    source.close();
    assert.deepEqual(r.vulnIds, ['GHSA-f89g-whpf-6q9m']);
    assert.equal(proxy.seen[0].auth, `Basic ${Buffer.from('build-agent:s3cr3t!').toString('base64')}`);

    const bypassing = createAdvisorySource({ baseUrl: stub.url, proxy: { ...agentProxy, bypass: ['127\\.0\\.0\\.1'] }, env: {} });
    await bypassing.queryBatch([{ ecosystem: 'npm', name: 'other', version: '1.0.0' }]);
    bypassing.close();
    assert.equal(proxy.seen.length, 1, 'the bypassed request did not reach the proxy');
    assert.equal(stub.requests.length, 2);
  });

  it('reports rejected proxy credentials without printing them', async () => {
    stub = await startOsvStub({ extra: EXTRA });
    proxy = await startTestProxy({ credentials: 'build-agent:right' });
    const source = createAdvisorySource({
      baseUrl: `http://${HOST}:${stub.port}`,
      proxy: { url: proxy.url, username: 'build-agent', password: 'wrong-password' },
      env: {},
      sleep: async () => undefined,
    });
    const [r] = await source.queryBatch(QUERY);
    source.close();
    assert.ok(r.error);
    assert.match(r.error, new RegExp(`POST http://${HOST}:${stub.port}/v1/querybatch \\(through proxy ${proxy.url}\\) failed: the proxy ${proxy.url} refused with HTTP 407`));
    assert.match(r.error, /Check the proxy user name and password/);
    assert.ok(!r.error.includes('wrong-password'));
    assert.equal(proxy.seen.length, 1, '407 is not retried');
  });
});
