import assert from 'node:assert/strict';
import { chooseProxy, matchesNoProxy } from '../../../tasks/osv/proxy';

const osv = new URL('https://api.osv.dev/v1/querybatch');

describe('proxy selection', () => {
  it('reads HTTPS_PROXY for https and HTTP_PROXY for http, lower case first', () => {
    assert.equal(chooseProxy(osv, undefined, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })?.display, 'http://lower:2');
    assert.equal(chooseProxy(osv, undefined, { HTTP_PROXY: 'http://p:3' }), undefined);
    assert.equal(chooseProxy(new URL('http://osv.local/v1'), undefined, { HTTP_PROXY: 'p:3' })?.display, 'http://p:3');
    assert.equal(chooseProxy(osv, undefined, {}), undefined);
  });

  it('honours NO_PROXY: *, exact hosts, domain suffixes, ports', () => {
    const table: [string, boolean][] = [
      ['*', true],
      ['api.osv.dev', true],
      ['.osv.dev', true],
      ['*.osv.dev', true],
      ['osv.dev', true],
      ['other.dev,localhost', false],
      ['api.osv.dev:443', true],
      ['api.osv.dev:8443', false],
      ['v.dev', false],
    ];
    for (const [noProxy, bypass] of table) assert.equal(matchesNoProxy(osv, noProxy), bypass, noProxy);
    assert.equal(chooseProxy(osv, undefined, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'osv.dev' }), undefined);
  });

  it("uses the agent's proxy with credentials, hides them from display, and applies its regex bypass list", () => {
    const choice = chooseProxy(osv, { url: 'http://proxy.corp:8080', username: 'build agent', password: 'p@ss:word' }, { HTTPS_PROXY: 'http://ignored:1' });
    assert.ok(choice);
    assert.equal(choice.display, 'http://proxy.corp:8080');
    assert.equal(decodeURIComponent(choice.url.username), 'build agent');
    assert.equal(decodeURIComponent(choice.url.password), 'p@ss:word');
    assert.equal(chooseProxy(osv, { url: 'http://proxy.corp:8080', bypass: ['osv\\.dev'] }, {}), undefined);
    assert.ok(chooseProxy(osv, { url: 'http://proxy.corp:8080', bypass: ['^https://github\\.com'] }, {}));
    assert.equal(chooseProxy(osv, { url: 'http://proxy.corp:8080' }, { no_proxy: '.osv.dev' }), undefined);
  });

  it('refuses a proxy URL it cannot use', () => {
    assert.throws(() => chooseProxy(osv, { url: 'socks5://p:1080' }, {}), /not supported/);
  });
});
