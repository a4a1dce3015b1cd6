import assert from 'node:assert/strict';
import type { AzureClients, ConnectionOptions } from '../../../../tasks/PalisadeScanV1/azure/connection';
import { callsLine, connectAzure, describe as describeError, safe, statusOf, type ConnectHost } from '../../../../tasks/PalisadeScanV1/azure/session';
import { capturedLog, pipelineContext } from '../../../support/taskFakes';

const CLIENTS = { counter: { calls: 0, retries: 0, throttledMs: 0 } } as unknown as AzureClients;

function host(over: Partial<ConnectHost> = {}) {
  const { log, lines } = capturedLog();
  const seen: ConnectionOptions[] = [];
  const h: ConnectHost = {
    log,
    accessToken: () => 'tok',
    proxy: (url) => ({ proxyUrl: `http://proxy/for/${new URL(url).host}` }) as unknown as ConnectionOptions['proxy'],
    caFile: () => '/ca.pem',
    connect: async (o) => {
      seen.push(o);
      return CLIENTS;
    },
    ...over,
  };
  return { h, lines, seen };
}

describe('azure/session', () => {
  it('reads the HTTP status of a failed call and describes errors in one line', () => {
    const e = Object.assign(new Error('Not found'), { statusCode: 404 });
    assert.equal(statusOf(e), 404);
    assert.equal(statusOf(new Error('x')), undefined);
    assert.equal(statusOf(undefined), undefined);
    assert.equal(statusOf({ statusCode: '500' }), undefined);
    assert.equal(describeError(e), 'HTTP 404: Not found');
    assert.equal(describeError(new Error('boom')), 'boom');
    assert.equal(describeError('text'), 'text');
  });

  it('runs a step whose failure only warns', async () => {
    const { log, lines } = capturedLog();
    assert.equal(await safe(log, 'post the status', async () => 7), 7);
    assert.equal(await safe(log, 'post the status', async () => { throw Object.assign(new Error('denied'), { statusCode: 403 }); }), undefined);
    assert.match(lines.join('\n'), /task\.logissue type=warning.*Could not post the status: HTTP 403: denied/);
  });

  it('connects with the token, proxy, CA file and retry options', async () => {
    const { h, seen } = host({ retry: { maxRetries: 2 } as ConnectionOptions['retry'] });
    assert.equal(await connectAzure(h, pipelineContext()), CLIENTS);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].orgUrl, 'https://dev.azure.com/org/');
    assert.equal(seen[0].token, 'tok');
    assert.equal(seen[0].caFile, '/ca.pem');
    assert.deepEqual(seen[0].proxy, { proxyUrl: 'http://proxy/for/dev.azure.com' });
    assert.equal(seen[0].retry?.maxRetries, 2);
    assert.equal(typeof seen[0].retry?.onRetry, 'function');
  });

  it('stays offline without a collection URL, and warns without a token or when connecting fails', async () => {
    const none = host();
    assert.equal(await connectAzure(none.h, pipelineContext({ collectionUri: '' })), undefined);
    assert.deepEqual(none.seen, []);
    const noToken = host({ accessToken: () => undefined });
    assert.equal(await connectAzure(noToken.h, pipelineContext()), undefined);
    assert.match(noToken.lines.join('\n'), /No access token: .*map System\.AccessToken/);
    const failing = host({ connect: async () => { throw new Error('ECONNREFUSED'); } });
    assert.equal(await connectAzure(failing.h, pipelineContext()), undefined);
    assert.match(failing.lines.join('\n'), /Could not connect to https:\/\/dev\.azure\.com\/org\/: ECONNREFUSED\./);
  });

  it('logs each retry and throttle (path only, UTC time, wait) up to ten lines, then one line saying more follow', async () => {
    const { h, lines, seen } = host();
    await connectAzure(h, pipelineContext());
    const retry = seen[0].retry!;
    const at = Date.UTC(2026, 11, 3, 9, 5, 7);
    retry.onRetry!({ verb: 'GET', url: 'https://dev.azure.com/org/p/_apis/git/repositories?api-version=7.1', status: 429, waitMs: 1500, attempt: 1, reason: 'rate limited', at, throttle: { source: 'Retry-After', resource: 'Core' } });
    retry.onRetry!({ verb: 'POST', url: 'not a url?x=1', waitMs: 200, attempt: 2, reason: 'HTTP 503', at });
    retry.onThrottleHint!({ verb: 'GET', url: 'https://dev.azure.com/org/_apis/x', at, resource: 'Build', delayedMs: 2000, resetAt: at + 60_000 });
    retry.onRetry!({ verb: 'GET', url: 'https://dev.azure.com/o/_apis/y', status: 429, waitMs: 4000, attempt: 1, reason: 'rate limited', at, throttle: { source: 'backoff' } });
    assert.deepEqual(lines, [
      'Azure DevOps throttled GET /org/p/_apis/git/repositories (429, resource Core) at 09:05:07; waiting 1.5 s as Retry-After asks (retry 1).',
      'Azure DevOps: HTTP 503 on POST not a url; retrying in 200 ms (retry 2).',
      'Azure DevOps held GET /org/_apis/x for 2 s before serving it (resource Build) at 09:05:07; usage resets at 09:06:07; not waiting on top of that.',
      'Azure DevOps throttled GET /o/_apis/y (429) at 09:05:07; waiting 4 s (no Retry-After: backing off) (retry 1).',
    ]);
    for (let i = 0; i < 20; i++) retry.onRetry!({ verb: 'GET', url: 'https://x/_apis/z', waitMs: 10, attempt: 1, reason: 'HTTP 500', at });
    assert.equal(lines.length, 11);
    assert.equal(lines[10], 'Azure DevOps: more retries and throttling follow; their count is in the last line of this log.');
  });

  it('closes with the number of calls, retries and time throttled', () => {
    assert.equal(callsLine({ counter: { calls: 12, retries: 2, throttledMs: 0 } } as unknown as AzureClients), 'Azure DevOps REST calls: 12 (2 retried).');
    assert.equal(callsLine({ counter: { calls: 12, retries: 2, throttledMs: 6400 } } as unknown as AzureClients), 'Azure DevOps REST calls: 12 (2 retried, 6 s throttled).');
  });
});
