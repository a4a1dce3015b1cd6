/** One readable sentence for an error (hub/shared/components/errors.ts). */
import assert from 'node:assert/strict';
import { describeError } from '../../../../hub/shared/components/errors';

describe('hub error sentences', () => {
  it('prefers the server\'s message and adds the HTTP status', () => {
    assert.equal(describeError(Object.assign(new Error('Request failed'), { status: 403, serverError: { message: 'TF400813: not authorized' } })), 'TF400813: not authorized (HTTP 403)');
    assert.equal(describeError(Object.assign(new Error('Not found'), { status: 404 })), 'Not found (HTTP 404)');
    assert.equal(describeError(new Error('plain')), 'plain');
  });

  it('explains storage permission and contract version errors in the user\'s terms', () => {
    assert.equal(describeError({ name: 'StoragePermissionError', message: 'denied' }), 'you do not have access to the extension\'s data (denied).');
    assert.equal(describeError({ name: 'ContractVersionError', message: 'written by Palisade 9' }), 'written by Palisade 9');
    assert.equal(describeError({ name: 'ContractVersionError' }), 'the data was written by a newer Palisade.');
  });

  it('says something for errors that are not errors', () => {
    assert.equal(describeError(undefined), 'unknown error');
    assert.equal(describeError(null), 'unknown error');
    assert.equal(describeError('offline'), 'offline');
    assert.equal(describeError(42), '42');
  });
});
