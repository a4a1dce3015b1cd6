import assert from 'node:assert/strict';
import { AdvisorySourceError } from '../../../../tasks/engine/deps/advisorySource';

describe('deps/advisorySource', () => {
  it('names its error so logs show what failed without a stack trace', () => {
    const e = new AdvisorySourceError('OSV API at https://api.osv.dev answered 503; retry later or use an offline database');
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'AdvisorySourceError');
    assert.equal(String(e), 'AdvisorySourceError: OSV API at https://api.osv.dev answered 503; retry later or use an offline database');
  });

});
