import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdvisorySourceError } from '../../../tasks/engine/deps';
import { downloadExports, ecosystemsInTree, OSV_EXPORT_URL } from '../../../tasks/osv/exportDownload';
import { makeTree, removeTree } from '../../support/tmpTree';
import { zipBuffer } from './support/zip';

/** Stands in for HttpJsonClient.download: writes the body it is given and runs the check, as the client does before replacing a file. */
function fakeHttp(body: Buffer) {
  const urls: string[] = [];
  return {
    urls,
    async download(url: URL, dest: string, check?: (file: string) => Promise<void>) {
      urls.push(url.href);
      const partial = `${dest}.partial`;
      writeFileSync(partial, body);
      await check?.(partial);
      writeFileSync(dest, body);
      return { bytes: body.length };
    },
  };
}

describe('OSV export download', () => {
  it('ecosystemsInTree: the sorted ecosystems of the manifests a scan would read, excludes and node_modules left out', () => {
    const root = makeTree({
      'web/package-lock.json': '{}',
      'web/node_modules/x/Cargo.lock': '',
      'api/requirements.txt': 'flask==1.0\n',
      'svc/go.mod': 'module m\n',
      'vendor/Gemfile.lock': '',
      'README.md': '# hi',
    });
    try {
      assert.deepEqual(ecosystemsInTree(root), ['Go', 'PyPI', 'RubyGems', 'npm']);
      assert.deepEqual(ecosystemsInTree(root, ['vendor/**']), ['Go', 'PyPI', 'npm']);
    } finally {
      removeTree(root);
    }
  });

  it('ecosystemsInTree: a tree without manifests has none', () => {
    const root = makeTree({ 'a.txt': 'x' });
    try {
      assert.deepEqual(ecosystemsInTree(root), []);
    } finally {
      removeTree(root);
    }
  });

  it('downloads <base>/<Ecosystem>/all.zip into <out>/<Ecosystem>/all.zip, escaping the name, one per ecosystem', async () => {
    const out = makeTree({});
    try {
      const zip = await zipBuffer({ 'GHSA-1.json': '{}' });
      const http = fakeHttp(zip);
      const started: string[] = [];
      const got = await downloadExports(http, ['crates.io', 'npm'], out, { baseUrl: 'http://127.0.0.1:9/osv//', onStart: (e, url) => started.push(`${e} ${url}`) });
      assert.deepEqual(http.urls, ['http://127.0.0.1:9/osv/crates.io/all.zip', 'http://127.0.0.1:9/osv/npm/all.zip']);
      assert.deepEqual(started, ['crates.io http://127.0.0.1:9/osv/crates.io/all.zip', 'npm http://127.0.0.1:9/osv/npm/all.zip']);
      assert.deepEqual(got, [
        { ecosystem: 'crates.io', file: join(out, 'crates.io', 'all.zip'), bytes: zip.length },
        { ecosystem: 'npm', file: join(out, 'npm', 'all.zip'), bytes: zip.length },
      ]);
      assert.deepEqual(readFileSync(join(out, 'npm', 'all.zip')), zip);
    } finally {
      removeTree(out);
    }
  });

  it('uses the public OSV bucket by default', async () => {
    const out = makeTree({});
    try {
      const http = fakeHttp(await zipBuffer({}));
      await downloadExports(http, ['PyPI'], out);
      assert.deepEqual(http.urls, [`${OSV_EXPORT_URL}/PyPI/all.zip`]);
    } finally {
      removeTree(out);
    }
  });

  it('refuses a download that is not a readable zip, before it replaces anything', async () => {
    const out = makeTree({ 'npm/all.zip': 'the old export' });
    try {
      await assert.rejects(downloadExports(fakeHttp(Buffer.from('<html>captive portal</html>')), ['npm'], out), (e: Error) => e instanceof AdvisorySourceError && /not a readable zip .*nothing was replaced/.test(e.message));
      assert.equal(readFileSync(join(out, 'npm', 'all.zip'), 'utf8'), 'the old export');
    } finally {
      removeTree(out);
    }
  });

  it('rejects a base that is not an http(s) URL', async () => {
    const http = fakeHttp(Buffer.alloc(0));
    await assert.rejects(downloadExports(http, ['npm'], '/nowhere', { baseUrl: 'not a url' }), /"not a url" is not a URL/);
    await assert.rejects(downloadExports(http, ['npm'], '/nowhere', { baseUrl: 'file:///etc' }), /is not an http\(s\) URL/);
    assert.deepEqual(http.urls, []);
  });
});
