/** The hub's route in the host page's URL (hub/shared/sdk/hostNavigation.ts): query links in, hash moves out, back/forward told apart from our own moves. */
import assert from 'node:assert/strict';
import type { IHostNavigationService } from 'azure-devops-extension-api';
import type { HubRoute } from '../../../../hub/shared/data/hubRoute';
import { HostNavigation } from '../../../../hub/shared/sdk/hostNavigation';

function host(hash: string | Error, query: Record<string, string> | Error = {}) {
  const calls: string[] = [];
  let onHash: (h: string) => void = () => undefined;
  const service = {
    getHash: async () => (hash instanceof Error ? Promise.reject(hash) : hash),
    getQueryParams: async () => (query instanceof Error ? Promise.reject(query) : query),
    setHash: (h: string) => calls.push(`set ${h}`),
    replaceHash: (h: string) => calls.push(`replace ${h}`),
    onHashChanged: (l: (h: string) => void) => {
      onHash = l;
    },
  } as unknown as IHostNavigationService;
  return { service, calls, fire: (h: string) => onHash(h) };
}

describe('hub host navigation', () => {
  it('starts from the hash when there is one, else from the query a link carried', async () => {
    assert.deepEqual(await new HostNavigation(host('#tab=scans&scan=s1', { tab: 'findings' }).service).initialRoute(), { tab: 'scans', repo: undefined, pr: undefined, branch: undefined, finding: undefined, scan: 's1' });
    assert.equal((await new HostNavigation(host('', { repo: 'r1', pr: '4' }).service).initialRoute()).pr, 4);
    assert.equal((await new HostNavigation(host(new Error('no host'), new Error('no host')).service).initialRoute()).tab, 'overview', 'a host that cannot answer gives the default');
  });

  it('moves by setting or replacing the hash, once per change', async () => {
    const h = host('');
    const nav = new HostNavigation(h.service);
    await nav.initialRoute();
    nav.push({ tab: 'findings', repo: 'r1' });
    nav.push({ tab: 'findings', repo: 'r1' });
    nav.replace({ tab: 'findings', repo: 'r1', finding: 'f' });
    assert.deepEqual(h.calls, ['set tab=findings&repo=r1', 'replace tab=findings&repo=r1&finding=f']);
  });

  it('tells listeners about back/forward, not about its own moves, and falls back to the link\'s query on an empty hash', async () => {
    const h = host('', { repo: 'r9' });
    const nav = new HostNavigation(h.service);
    await nav.initialRoute();
    const seen: HubRoute[] = [];
    nav.onChange((r) => seen.push(r));
    nav.push({ tab: 'scans' });
    h.fire('#tab=scans');
    assert.equal(seen.length, 0, 'our own hash change');
    h.fire('#tab=settings');
    h.fire('');
    assert.deepEqual(seen.map((r) => [r.tab, r.repo]), [['settings', undefined], ['findings', 'r9']]);
  });
});
