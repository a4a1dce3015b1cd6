/** Coverage and scan outcomes as status icons with their words (hub/shared/components/StatusBadges.tsx). */
import assert from 'node:assert/strict';
import * as React from 'react';
import { CoverageStatus, OutcomeStatus } from '../../../../hub/shared/components/StatusBadges';
import { mount, text, unmountAll } from '../../components/render';

const label = (c: HTMLElement) => text(c.querySelector('.palisade-status-text')!);

describe('hub components: status badges', () => {
  afterEach(() => unmountAll());

  it('labels coverage in words, marks the state for the page, and takes a label of the caller\'s', () => {
    const c = mount(<CoverageStatus coverage="clean" />).container;
    assert.equal(c.querySelector('[data-coverage]')?.getAttribute('data-coverage'), 'clean');
    assert.equal(label(c), 'Scanned, 0 findings');
    assert.equal(label(mount(<CoverageStatus coverage="clean" label="No open findings (3 dismissed)" />).container), 'No open findings (3 dismissed)');
    assert.equal(label(mount(<CoverageStatus coverage="unreadable" />).container), 'Cannot read results');
  });

  it('labels scan outcomes, and shows an outcome it does not know as it is', () => {
    const c = mount(<OutcomeStatus outcome="failed" />).container;
    assert.equal(c.querySelector('[data-outcome]')?.getAttribute('data-outcome'), 'failed');
    assert.equal(label(c), 'Failed the build');
    assert.equal(c.querySelector('svg[role="img"] desc')?.textContent, 'Failed the build', 'the icon is named too');
    const unknown = mount(<OutcomeStatus outcome={'paused' as never} />).container;
    assert.equal(label(unknown), 'paused');
    assert.equal(unknown.querySelector('svg[role="img"] desc')?.textContent, 'paused', 'still an icon with a name');
  });
});
