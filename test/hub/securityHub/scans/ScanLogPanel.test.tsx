/** A scan's log (hub/securityHub/scans/ScanLogPanel.tsx): loaded from the build's record, searched with the match marked, copied, and errors that say why. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { ScanLogPanel } from '../../../../hub/securityHub/scans/ScanLogPanel';
import { inHub } from '../../components/hubShared';
import { byText, click, text, type, unmountAll, waitFor } from '../../components/render';

const repo = { id: 'repo-web', name: 'web-shop' };

describe('hub components: scan log panel', () => {
  afterEach(() => unmountAll());

  it('shows the log as numbered lines, and on search only the matching ones with the match marked', async () => {
    await inHub(<ScanLogPanel repo={repo} scanId="101-1-job" onClose={() => undefined} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
    await waitFor(() => text(panel).includes('second line: critical'), 'the log text');
    assert.deepEqual([...panel.querySelectorAll('.palisade-log-number')].map((n) => n.textContent), ['1', '2', '3']);
    assert.ok(text(panel).includes('3 lines'));
    assert.ok(text(panel).includes('web-shop'));
    type(panel.querySelector('input') as HTMLInputElement, 'CRITICAL');
    await waitFor(() => panel.querySelectorAll('mark').length === 1, 'the marked match');
    assert.equal(panel.querySelector('mark')?.textContent, 'critical');
    assert.deepEqual([...panel.querySelectorAll('.palisade-log-number')].map((n) => n.textContent), ['2']);
    assert.ok(text(panel).includes('1 matching line of 3 lines'));
  });

  it('keeps scanned markup in the log as text', async () => {
    await inHub(<ScanLogPanel repo={repo} scanId="150-1-job" onClose={() => undefined} />, {
      setup: (project) => void project.addScan({ buildId: 150, repoId: 'repo-web', log: 'ok\n<img src=x onerror=alert(1)>\n' }),
    });
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
    await waitFor(() => text(panel).includes('<img src=x'), 'the markup as text');
    assert.equal(panel.querySelectorAll('img').length, 0);
  });

  it('copies the log, and says so when the browser refuses', async () => {
    const written: string[] = [];
    const nav = navigator as unknown as { clipboard?: unknown };
    const original = Object.getOwnPropertyDescriptor(nav, 'clipboard');
    Object.defineProperty(nav, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void written.push(t) } });
    try {
      await inHub(<ScanLogPanel repo={repo} scanId="101-1-job" onClose={() => undefined} />);
      const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
      click(await waitFor(() => byText('Copy', 'button', panel), 'the copy button'));
      await waitFor(() => text(panel).includes('Log copied to the clipboard.'), 'the confirmation');
      assert.deepEqual(written, ['line one\nsecond line: critical\nthird\n']);
      Object.defineProperty(nav, 'clipboard', { configurable: true, value: { writeText: async () => Promise.reject(new Error('denied')) } });
      click(byText('Copy', 'button', panel)!);
      await waitFor(() => text(panel).includes('did not allow copying'), 'the refusal');
    } finally {
      if (original) Object.defineProperty(nav, 'clipboard', original);
      else delete nav.clipboard;
    }
  });

  it('says when the route names no scan, or a scan the build does not hold', async () => {
    await inHub(<ScanLogPanel repo={repo} scanId="not-a-scan" onClose={() => undefined} />);
    await waitFor(() => text().includes('"not-a-scan" does not name a scan.'), 'the bad id');
    unmountAll();
    await inHub(<ScanLogPanel repo={repo} scanId="101-9-other" onClose={() => undefined} />);
    await waitFor(() => text().includes('build 101 holds no scan record 101-9-other'), 'the missing record');
    assert.ok(byText('Retry', 'button'));
  });

  it('closes on request', async () => {
    let closed = 0;
    await inHub(<ScanLogPanel repo={repo} scanId="101" onClose={() => closed++} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
    await waitFor(() => text(panel).includes('second line'), 'the log of the build named by id');
    click(await waitFor(() => panel.querySelector<HTMLElement>('button[aria-label="Close"]') ?? document.querySelector<HTMLElement>('.bolt-panel button[aria-label*="lose"]'), 'the close button'));
    assert.equal(closed, 1);
  });
});
