/** Loading, failed (with retry) and empty states (hub/shared/components/LoadState.tsx). */
import assert from 'node:assert/strict';
import * as React from 'react';
import { Empty, Loading, LoadError } from '../../../../hub/shared/components/LoadState';
import { byText, click, mount, text, unmountAll } from '../../components/render';

describe('hub components: load states', () => {
  afterEach(() => unmountAll());

  it('announces loading with its label', () => {
    const c = mount(<Loading label="Loading repositories..." />).container;
    assert.ok(c.querySelector('[role="status"]'));
    assert.ok(text(c).includes('Loading repositories...'));
  });

  it('says what could not load and why, and retries on request', () => {
    let retries = 0;
    const c = mount(<LoadError what="the scans" error={Object.assign(new Error('Not allowed'), { status: 403 })} onRetry={() => retries++} />).container;
    assert.ok(c.querySelector('[role="alert"]'));
    assert.ok(text(c).includes('Could not load the scans: Not allowed (HTTP 403)'));
    click(byText('Retry', 'button', c)!);
    assert.equal(retries, 1);
    const noRetry = mount(<LoadError what="x" error={new Error('y')} />).container;
    assert.equal(byText('Retry', 'button', noRetry), undefined);
  });

  it('shows an empty state with its action', () => {
    let acted = 0;
    const c = mount(<Empty title="No repositories yet" text="Create one in Repos." actionText="Open Repos" onAction={() => acted++} />).container;
    assert.ok(text(c).includes('No repositories yet'));
    assert.ok(text(c).includes('Create one in Repos.'));
    click(byText('Open Repos', 'button', c)!);
    assert.equal(acted, 1);
  });
});
