/** The repository picker (hub/securityHub/findings/RepositoryPicker.tsx): the choice shown, "All repositories", and what choosing reports. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { RepositoryPicker } from '../../../../hub/securityHub/findings/RepositoryPicker';
import { byText, click, mount, unmountAll, waitFor } from '../../components/render';

const repos = [{ id: 'r1', name: 'web-shop' }, { id: 'r2', name: 'docs-site' }];

/** What the closed dropdown shows (its read-only input). */
function shown(c: HTMLElement): string {
  return c.querySelector<HTMLInputElement>('.palisade-repo-picker input')?.value ?? '';
}

describe('hub components: repository picker', () => {
  afterEach(() => unmountAll());

  it('shows the repository the URL names, by id or name, else "All repositories" when allowed', () => {
    assert.match(shown(mount(<RepositoryPicker repos={repos} value="r2" allowAll onChange={() => undefined} />).container), /docs-site/);
    assert.match(shown(mount(<RepositoryPicker repos={repos} value="WEB-SHOP" allowAll onChange={() => undefined} />).container), /web-shop/);
    assert.match(shown(mount(<RepositoryPicker repos={repos} value={undefined} allowAll onChange={() => undefined} />).container), /All repositories/);
    assert.doesNotMatch(shown(mount(<RepositoryPicker repos={repos} value="gone" allowAll={false} onChange={() => undefined} />).container), /All repositories|web-shop|docs-site/);
  });

  it('reports the repository chosen, and undefined for all of them', async () => {
    const chosen: Array<string | undefined> = [];
    const { container } = mount(<RepositoryPicker repos={repos} value="r1" allowAll onChange={(id) => chosen.push(id)} />);
    const open = () => click(container.querySelector<HTMLElement>('.palisade-repo-picker input')!);
    open();
    click(await waitFor(() => byText('docs-site', '[role="option"]') ?? byText('docs-site', 'td') ?? byText('docs-site', 'span'), 'the docs-site option'));
    open();
    click(await waitFor(() => byText('All repositories', '[role="option"]') ?? byText('All repositories', 'td') ?? byText('All repositories', 'span'), 'the all option'));
    assert.deepEqual(chosen, ['r2', undefined]);
  });
});
