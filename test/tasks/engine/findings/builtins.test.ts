import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { REQUIRE_BUILTIN, requireBuiltin } from '../../../../tasks/engine/findings/builtins';

describe('requireBuiltin', () => {
  afterEach(() => process.removeAllListeners(REQUIRE_BUILTIN));

  it('is an ordinary require when nobody listens', () => {
    assert.equal(requireBuiltin<typeof crypto>('node:crypto', () => require('node:crypto')).createHash, crypto.createHash);
  });

  it('takes the module a listener gives, and requires it itself when the listener gives none', () => {
    const asked: string[] = [];
    const given = { createHash: () => 'given' };
    process.on(REQUIRE_BUILTIN, (request: { id: string; module?: unknown }) => {
      asked.push(request.id);
      if (request.id === 'node:crypto') request.module = given;
    });
    assert.equal(requireBuiltin('node:crypto', () => crypto), given);
    assert.equal(requireBuiltin<typeof import('node:os')>('node:os', () => require('node:os')).EOL, require('node:os').EOL);
    assert.deepEqual(asked, ['node:crypto', 'node:os']);
  });
});
