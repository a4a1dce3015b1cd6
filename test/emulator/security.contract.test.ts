/**
 * Security: the permission check the hub makes before offering to edit project settings,
 * validated against the official REST spec.
 */
import assert from 'node:assert/strict';
import { PROJECT_NAMESPACE_ID } from './routes/permissions';
import { call } from './testing/clients';
import { emulatorFixture, validateResponsesAgainstSpecs } from './testing/fixture';

const GENERIC_READ = 1;
const GENERIC_WRITE = 2;

describe('emulator: security permissions', () => {
  const fixture = emulatorFixture();
  validateResponsesAgainstSpecs(fixture);
  const emu = () => fixture.emulator;
  const token = (projectId: string) => `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`;
  const has = (identity: string, bits: number, tokens: string[]) =>
    call(emu(), 'GET', `_apis/permissions/${PROJECT_NAMESPACE_ID}/${bits}?tokens=${encodeURIComponent(tokens.join(','))}&api-version=7.1`, { identity })
      .then((r) => (r.json as { value: boolean[] }).value);

  it('answers one boolean per token from the caller\'s role', async () => {
    const project = emu().store.project('Palisade Demo').id;
    assert.deepEqual(await has('admin', GENERIC_WRITE, [token(project)]), [true]);
    assert.deepEqual(await has('reader', GENERIC_WRITE, [token(project)]), [false]);
    assert.deepEqual(await has('reader', GENERIC_READ, [token(project)]), [true]);
    assert.deepEqual(await has('admin', GENERIC_WRITE, [token(project), token('00000000-0000-0000-0000-000000000001')]), [true, false]);
  });
});
