/** A refused write told in terms of the permission it needs (hub/securityHub/data/writeErrors.ts). */
import assert from 'node:assert/strict';
import { MANAGE_PROPERTIES_PERMISSION, WritePermissionError, writeRefused } from '../../../../hub/securityHub/data/writeErrors';

describe('hub write errors', () => {
  it('turns 401 and 403 into an error naming the permission and the action, with the service\'s words', () => {
    const e = writeRefused(Object.assign(new Error('TF401027: You need Manage properties.'), { status: 403, serverError: { message: 'server words' } }), 'change the settings');
    assert.ok(e instanceof WritePermissionError);
    assert.equal(e.name, 'WritePermissionError');
    assert.equal(e.action, 'change the settings');
    assert.equal(e.message, `Azure DevOps refused: to change the settings you need the project permission "${MANAGE_PROPERTIES_PERMISSION}" (project administrators have it). (server words)`);
    const unauthorised = writeRefused({ statusCode: '401', message: 'expired' }, 'dismiss findings');
    assert.ok(unauthorised instanceof WritePermissionError);
    assert.match(unauthorised.message, /\(expired\)$/);
  });

  it('leaves the message out when the service gave none, and returns other errors unchanged', () => {
    const bare = writeRefused({ status: 403, message: { not: 'text' } }, 'x');
    assert.ok(bare instanceof WritePermissionError);
    assert.ok(bare.message.endsWith('have it).'));
    const other = new Error('500 server error');
    assert.equal(writeRefused(Object.assign(other, { status: 500 }), 'x'), other);
    assert.equal(writeRefused(undefined, 'x'), undefined);
    assert.equal(writeRefused('offline', 'x'), 'offline');
  });
});
