import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { IGitApi } from 'azure-devops-node-api/GitApi';
import { VersionControlChangeType } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { changesFromRest } from '../../../../tasks/PalisadeScanV1/azure/prChanges';

/** getItemContent resolves with the HTTP response itself (an IncomingMessage), whatever its status. */
const response = (status: number, body: string) => Object.assign(Readable.from([Buffer.from(body)]), { statusCode: status });

function fakeGit(pages: Array<{ entries: Array<{ path: string; changeType: number; originalPath?: string; isFolder?: boolean }>; nextSkip: number }>, items: Record<string, [number, string]>) {
  const calls: string[] = [];
  const git = {
    async getPullRequestIterationChanges(_repo: string, _pr: number, _it: number, _project: string, top?: number, skip?: number) {
      calls.push(`changes top=${top} skip=${skip}`);
      const page = pages.shift() ?? { entries: [], nextSkip: 0 };
      return {
        changeEntries: page.entries.map((e) => ({ changeType: e.changeType, originalPath: e.originalPath, item: { path: e.path, isFolder: e.isFolder } })),
        nextSkip: page.nextSkip,
      };
    },
    async getItemContent(_repo: string, path: string, _project: string, ...rest: unknown[]) {
      const version = (rest[5] as { version?: string } | undefined)?.version;
      calls.push(`item ${path}@${version}`);
      const [status, body] = items[path] ?? [404, '{"message":"not found"}'];
      return response(status, body);
    },
  };
  return { git: git as unknown as IGitApi, calls };
}

describe('PR changes from the REST API (shallow clones)', () => {
  const ref = (git: IGitApi, rootPrefix = '') => ({ git, project: 'p', repositoryId: 'r', pullRequestId: 7, rootPrefix });

  it('maps iteration changes to scan-root paths, page by page, skipping folders and files outside the root', async () => {
    const { git, calls } = fakeGit(
      [
        { entries: [{ path: '/src', changeType: VersionControlChangeType.Edit, isFolder: true }, { path: '/src/a.js', changeType: VersionControlChangeType.Edit }, { path: '/docs/x.md', changeType: VersionControlChangeType.Add }], nextSkip: 3 },
        {
          entries: [
            { path: '/src/new.js', changeType: VersionControlChangeType.Add },
            { path: '/src/moved.js', changeType: VersionControlChangeType.Rename, originalPath: '/src/old.js' },
            { path: '/src/gone.js', changeType: VersionControlChangeType.Delete },
          ],
          nextSkip: 0,
        },
      ],
      {},
    );
    const changes = await changesFromRest(ref(git, 'src'), 2, 'abc', 'no git');
    assert.deepEqual(changes.files, [
      { path: 'a.js', basePath: 'a.js', change: 'edit' },
      { path: 'new.js', change: 'add' },
      { path: 'moved.js', basePath: 'old.js', change: 'rename' },
      { path: 'gone.js', change: 'delete' },
    ]);
    assert.deepEqual(calls, ['changes top=2000 skip=0', 'changes top=2000 skip=3']);
  });

  it('reads base versions at the base commit: content on 200, null on 404, an error (not content) otherwise', async () => {
    const { git, calls } = fakeGit([{ entries: [], nextSkip: 0 }], { '/src/a.js': [200, 'const a = 1;\n'], '/src/broken.js': [500, '{"message":"boom"}'] });
    const changes = await changesFromRest(ref(git, 'src'), 1, 'base123', 'no git');
    assert.equal((await changes.readBase('a.js'))?.toString(), 'const a = 1;\n');
    assert.equal(await changes.readBase('missing.js'), null, 'a file absent at the base has no base version');
    await assert.rejects(changes.readBase('broken.js'), (e: Error & { statusCode?: number }) => e.statusCode === 500 && /HTTP 500/.test(e.message));
    assert.deepEqual(calls.filter((c) => c.startsWith('item')), ['item /src/a.js@base123', 'item /src/missing.js@base123', 'item /src/broken.js@base123']);
  });
});
