import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../../../tasks/engine/version';
import { REPO_ROOT } from '../../support/paths';

describe('versions', () => {
  it('keeps the engine version in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(ENGINE_VERSION, pkg.version);
  });
});
