/** Severity pills and counts (hub/shared/components/Severity.tsx). */
import assert from 'node:assert/strict';
import * as React from 'react';
import { SeverityCountPills, SeverityPill } from '../../../../hub/shared/components/Severity';
import { mount, text, unmountAll } from '../../components/render';

describe('hub components: severity', () => {
  afterEach(() => unmountAll());

  it('shows a severity as a labelled pill, with its count when given', () => {
    const one = mount(<SeverityPill severity="critical" />).container;
    assert.equal(text(one), 'Critical');
    assert.ok(one.querySelector('.palisade-severity-critical'));
    assert.equal(one.querySelector('[aria-label]')?.getAttribute('aria-label'), 'Critical severity');
    const counted = mount(<SeverityPill severity="low" count={1234} />).container;
    assert.equal(text(counted), `${(1234).toLocaleString()} Low`);
  });

  it('shows non-zero counts, most severe first, and "None" when there are none', () => {
    const c = mount(<SeverityCountPills counts={{ critical: 0, high: 2, medium: 0, low: 5, note: 1 }} />).container;
    assert.deepEqual([...c.querySelectorAll('.palisade-severity')].map((e) => text(e)), ['2 High', '5 Low', '1 Note']);
    assert.equal(text(mount(<SeverityCountPills counts={{ critical: 0, high: 0, medium: 0, low: 0, note: 0 }} />).container), 'None');
  });
});
