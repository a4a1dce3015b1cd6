/** The build's Security tab (hub/buildTab/BuildTab.tsx): each job's scan with its open findings and a read-only detail panel, the SARIF fallback, nothing to show, errors with retry, and host build switches. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { BuildTab, BuildTabView } from '../../../hub/buildTab/BuildTab';
import { loadBuildScan, type BuildInfo, type BuildTabServices } from '../../../hub/buildTab/buildScan';
import type { ArtifactText } from '../../../hub/shared/services/hubServices';
import { finding, recordText } from '../fakeProject';
import { byText, click, mount, text, unmountAll, waitFor } from '../components/render';

const build: BuildInfo = { id: 9, buildNumber: '2025.9', repositoryId: 'repo-web', repositoryName: 'web-shop', sourceBranch: 'refs/heads/main', sourceVersion: 'c0ffee', finishTime: '2025-01-02T00:00:10.000Z' };
const artifact = (name: string, text: string, buildId = 9): ArtifactText => ({ buildId, artifactName: name, artifactId: 1, text });
const XSS = '<img src=x onerror=alert(1)>';

function services(over: Partial<BuildTabServices> = {}): BuildTabServices {
  return {
    projectId: 'p1', projectName: 'Project', collectionUri: 'https://dev.azure.com/org/', extension: { publisherId: 'pub', extensionId: 'ext' },
    getBuild: async (id) => ({ ...build, id }),
    readRecords: async (id) => [artifact('CodeAnalysisLogs', recordText({ buildId: id, repoId: 'repo-web', pullRequestId: 7, findings: [finding(1, { message: `token ${XSS}` }), finding(2, { severity: 'critical', kind: 'code', ruleId: 'js-eval', message: 'eval of input' }), finding(3)], honoured: [{ fingerprint: finding(3).fingerprint, reason: 'usedInTests', by: { id: 'u', displayName: 'Rey' }, at: '2025-01-02T00:00:00Z', channel: 'pullRequestReply' }] }), id)],
    readBuildSarif: async () => null,
    ...over,
  };
}

/** The rule catalog beside the page, answered in memory (the tab fetches it relative to the page). */
async function withCatalog<T>(body: (requests: string[]) => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  const requests: string[] = [];
  globalThis.fetch = (async (url: string) => {
    requests.push(String(url));
    return new Response(JSON.stringify({ rules: { 'js-eval': { id: 'js-eval', title: 'Eval of untrusted input', description: '', helpMarkdown: 'Never **eval** input.', cwe: ['CWE-95'] } } }), { status: 200 });
  }) as unknown as typeof fetch;
  try {
    return await body(requests);
  } finally {
    globalThis.fetch = original;
  }
}

describe('hub components: build tab', () => {
  afterEach(() => unmountAll());

  it('shows the scan of the build: outcome, counts, new findings, the open findings and a link to the hub', async () => {
    await withCatalog(async (requests) => {
      const view = await loadBuildScan(services(), 9);
      const { container } = mount(<BuildTabView services={services()} view={view} />);
      const card = container.querySelector<HTMLElement>('.palisade-build-tab-scan')!;
      assert.equal(container.querySelector('[data-source]')?.getAttribute('data-source'), 'record');
      assert.ok(text(card).includes('Palisade scan'));
      assert.ok(card.querySelector('[data-outcome="failed"]'));
      assert.match(text(card), /0 new findings in pull request 7/);
      assert.match(text(card), /PR 7 · 10 files scanned in 10 s/);
      assert.match(text(card), /1 dismissal honoured/);
      await waitFor(() => card.querySelectorAll('.palisade-finding-message').length === 2, 'the open findings');
      assert.ok(text(card).includes(`token ${XSS}`));
      assert.equal(card.querySelectorAll('img').length, 0, 'scanned text stays text');
      assert.ok(text(card).includes('1 dismissed finding not shown.'));
      const hub = [...card.querySelectorAll<HTMLAnchorElement>('a')].find((a) => text(a).startsWith('Open in the Security hub'))!;
      assert.equal(hub.getAttribute('target'), '_top');
      assert.equal(hub.getAttribute('href'), 'https://dev.azure.com/org/Project/_apps/hub/pub.ext.security-hub?repo=web-shop&pr=7&scan=9-1-job', 'the hub of the installed extension, at this scan');
      await waitFor(() => requests.length === 1, 'the catalog request');
      assert.equal(requests[0], new URL('rule-catalog.json', document.baseURI).toString());
    });
  });

  it('opens a finding in a read-only panel with the catalog\'s help', async () => {
    await withCatalog(async () => {
      mount(<BuildTabView services={services()} view={await loadBuildScan(services(), 9)} />);
      const row = await waitFor(() => [...document.querySelectorAll<HTMLElement>('.palisade-build-tab-findings tr, .palisade-build-tab-findings [role="row"]')].find((r) => text(r).includes('eval of input')), 'the eval row');
      await new Promise((r) => setTimeout(r, 10));
      click(row);
      const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the panel');
      await waitFor(() => text(panel).includes('Eval of untrusted input'), 'the rule title from the catalog');
      assert.equal(panel.querySelector('.palisade-triage'), null, 'no triage in the build tab');
      assert.equal(byText('Dismiss finding', 'button', panel), undefined);
    });
  });

  it('names each job\'s scan when the build has several', async () => {
    const two = services({ readRecords: async () => [artifact('A', recordText({ buildId: 9, repoId: 'r', findings: [] }).replace('"scanId":"9-1-job"', '"scanId":"9-1-lint"').replace('"jobName":"job"', '"jobName":"lint"')), artifact('B', recordText({ buildId: 9, repoId: 'r', findings: [] }))] });
    await withCatalog(async () => {
      const { container } = mount(<BuildTabView services={two} view={await loadBuildScan(two, 9)} />);
      const titles = [...container.querySelectorAll<HTMLElement>('.palisade-build-tab-scan')].map((c) => text(c));
      assert.equal(titles.length, 2);
      assert.ok(titles.every((t) => /Scan 9-1-/.test(t)));
      assert.ok(titles.every((t) => t.includes('No open findings.')));
    });
  });

  it('falls back to the SARIF artifact, saying so, and says when there is nothing at all', async () => {
    const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Other' } }, results: [{ ruleId: 'x', level: 'error', message: { text: 'other tool says' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine: 1 } } }] }] }] });
    const s = services({ readRecords: async () => [], readBuildSarif: async () => artifact('CodeAnalysisLogs', sarif) });
    await withCatalog(async () => {
      const { container } = mount(<BuildTabView services={s} view={await loadBuildScan(s, 9)} />);
      assert.equal(container.querySelector('[data-source]')?.getAttribute('data-source'), 'sarif');
      assert.match(text(container), /Shown from the build's CodeAnalysisLogs SARIF file: the build carries no Palisade scan record/);
      await waitFor(() => text(container).includes('other tool says'), 'the SARIF finding');
      unmountAll();
      const empty = services({ readRecords: async () => Promise.reject(new Error('no View builds')) });
      const c2 = mount(<BuildTabView services={empty} view={await loadBuildScan(empty, 9)} />).container;
      assert.equal(c2.querySelector('[data-source]')?.getAttribute('data-source'), 'none');
      assert.ok(text(c2).includes('No Palisade results for this build'));
      assert.ok(text(c2).includes('could not be read: no View builds'));
    });
  });

  it('loads the build the host names, reports ready, retries after an error, and follows a switch of build', async () => {
    await withCatalog(async () => {
      let failures = 1;
      const loaded: number[] = [];
      const s = services({
        getBuild: async (id) => {
          loaded.push(id);
          if (failures-- > 0) throw new Error('build service down');
          return { ...build, id };
        },
      });
      let switchTo: (id: number) => void = () => undefined;
      let ready = 0;
      const { container } = mount(<BuildTab services={s} buildIds={async (on) => { switchTo = on; on(9); }} onReady={() => ready++} />);
      await waitFor(() => text(container).includes('Could not load the Palisade results of this build: build service down'), 'the error');
      assert.equal(ready, 1, 'an error also ends the loading');
      click(byText('Retry', 'button', container)!);
      await waitFor(() => container.querySelector('[data-source="record"]'), 'the scan after retry');
      switchTo(10);
      await waitFor(() => loaded.includes(10), 'the other build');
      assert.deepEqual(loaded, [9, 9, 10]);
    });
  });

  it('says when the host does not say which build it is on', async () => {
    const { container } = mount(<BuildTab services={services()} buildIds={() => Promise.reject(new Error('The host did not say which build this tab is for.'))} onReady={() => undefined} />);
    await waitFor(() => text(container).includes('The host did not say which build this tab is for.'), 'the error');
  });
});
