/** The Findings tab's filter bar (hub/securityHub/findings/FindingsFilterBar.tsx): filter state to criteria, branch or pull request to load, and typing to filter. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { FILTER_KEYS, FindingsFilterBar, filterFromState, refFromState, useFilterState, useFindingsFilter } from '../../../../hub/securityHub/findings/FindingsFilterBar';
import type { Filter, IFilterState } from 'azure-devops-ui/Utilities/Filter';
import { mount, type, unmountAll, waitFor } from '../../components/render';

describe('hub components: findings filter bar', () => {
  afterEach(() => unmountAll());

  it('turns the filter state into criteria, ignoring values of the wrong type', () => {
    const state: IFilterState = {
      [FILTER_KEYS.text]: { value: 'aws' },
      [FILTER_KEYS.severity]: { value: ['critical', 'high'] },
      [FILTER_KEYS.kind]: { value: 'secret' },
      [FILTER_KEYS.state]: { value: ['open'] },
      [FILTER_KEYS.where]: { value: ['test'] },
    };
    assert.deepEqual(filterFromState(state), { text: 'aws', severities: ['critical', 'high'], kinds: [], rules: [], states: ['open'], contexts: ['test'] });
    assert.deepEqual(filterFromState({}), { text: '', severities: [], kinds: [], rules: [], states: [], contexts: [] });
  });

  it('reads the branch or pull request to load, and only a positive whole number as a pull request', () => {
    assert.deepEqual(refFromState({ [FILTER_KEYS.branch]: { value: ['dev'] } }), { branch: 'dev', pr: undefined });
    assert.deepEqual(refFromState({ [FILTER_KEYS.pr]: { value: ['12'] } }), { branch: undefined, pr: 12 });
    assert.deepEqual(refFromState({ [FILTER_KEYS.pr]: { value: ['x'] } }), { branch: undefined, pr: undefined });
    assert.deepEqual(refFromState({ [FILTER_KEYS.pr]: { value: ['-1'] } }), { branch: undefined, pr: undefined });
  });

  it('starts on open findings of the ref in the URL, and typing filters by text', async () => {
    let filter: Filter | undefined;
    const seen: IFilterState[] = [];
    function Harness(): JSX.Element {
      const f = useFindingsFilter({ pr: 7 });
      filter = f;
      const state = useFilterState(f);
      seen.push(state);
      return <FindingsFilterBar filter={f} rules={['r1', 'r2']} branches={['main']} prs={[7]} />;
    }
    const { container } = mount(<Harness />);
    assert.deepEqual(filterFromState(filter!.getState()).states, ['open']);
    assert.deepEqual(refFromState(filter!.getState()), { branch: undefined, pr: 7 });
    const input = container.querySelector<HTMLInputElement>('.palisade-filter-bar input')!;
    assert.equal(input.getAttribute('placeholder'), 'Filter by text, path or rule');
    type(input, 'token');
    await waitFor(() => filterFromState(seen[seen.length - 1]).text === 'token', 'the text in the filter state');
    filter!.reset();
    await waitFor(() => filterFromState(seen[seen.length - 1]).text === '', 'cleared text');
    assert.deepEqual(filterFromState(seen[seen.length - 1]).states, ['open'], 'clearing goes back to open findings');
  });
});
