import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { PALISADE_BUILD_TAG, SCAN_RECORD_FILE, serializeScanRecord } from '../../../../tasks/contract/scanRecord';
import { buildArtifactNames, readEarlierRecords, type EarlierQuery } from '../../../../tasks/PalisadeScanV1/azure/buildRecords';
import type { AzureClients } from '../../../../tasks/PalisadeScanV1/azure/connection';
import { composedRecord } from '../../../support/scanRecords';
import { finding, pipelineContext } from '../../../support/taskFakes';

interface FakeBuild {
  id: number;
  /** artifact name -> record text (undefined: the artifact has no record file). */
  artifacts: Record<string, string | undefined>;
}

/** A Build and Container API over `builds` (newest first); records every getBuilds call. */
function fakeAzure(builds: FakeBuild[], opts: { containerStatus?: number; hang?: boolean } = {}) {
  const queries: unknown[][] = [];
  const reads: string[] = [];
  const files = new Map<string, string>();
  const containerOf = (b: number, name: string) => b * 100 + Object.keys(builds.find((x) => x.id === b)!.artifacts).indexOf(name);
  const azure = {
    build: {
      getBuilds: async (...args: unknown[]) => {
        queries.push(args);
        if (opts.hang) await new Promise(() => undefined);
        return builds.map((b) => ({ id: b.id }));
      },
      getArtifacts: async (_p: string, buildId: number) =>
        Object.entries(builds.find((b) => b.id === buildId)?.artifacts ?? {}).map(([name, text]) => {
          const c = containerOf(buildId, name);
          if (text !== undefined) files.set(`${c}:${name}/${SCAN_RECORD_FILE}`, text);
          return { name, resource: { type: 'Container', data: `#/${c}/${name}` } };
        }),
    },
    containers: {
      getItem: async (containerId: number, _scope: string, path: string) => {
        reads.push(`${containerId}:${path}`);
        if (opts.containerStatus) return { statusCode: opts.containerStatus, result: Readable.from([]) };
        const text = files.get(`${containerId}:${path}`);
        return text === undefined ? { statusCode: 404, result: null } : { statusCode: 200, result: Readable.from([Buffer.from(text)]) };
      },
    },
  } as unknown as AzureClients;
  return { azure, queries, reads };
}

const q: EarlierQuery = { projectId: 'proj-1', repositoryId: 'repo-1', branch: 'refs/heads/main', buildId: 50, artifactBase: 'Palisade' };

function record(buildId: number, opts: { attempt?: number; repoId?: string; derived?: boolean } = {}): string {
  const ctx = pipelineContext({ buildId, jobAttempt: opts.attempt ?? 1, repositoryId: opts.repoId ?? 'repo-1', sourceBranch: 'refs/heads/main' });
  const earlier = opts.derived ? { earlier: { available: true as const, records: [] }, buildIds: [], note: '' } : undefined;
  return serializeScanRecord(composedRecord([finding(`fp${buildId}`)], ctx, { earlier }));
}

describe('azure/buildRecords', () => {
  it('asks once for the newest completed, tagged builds of the repository and branch', async () => {
    const { azure, queries } = fakeAzure([]);
    await readEarlierRecords(azure, q, 5000);
    assert.equal(queries.length, 1);
    const args = queries[0];
    assert.equal(args[0], 'proj-1');
    assert.deepEqual(args[10], [PALISADE_BUILD_TAG]);
    assert.equal(args[17], 'refs/heads/main');
    assert.equal(args[19], 'repo-1');
    assert.equal(args[20], 'TfsGit');
  });

  it('reads records newest first, skipping this build, other repositories and other artifacts, until one has history', async () => {
    const { azure, reads } = fakeAzure([
      { id: 50, artifacts: { Palisade: record(50) } },
      { id: 49, artifacts: { Palisade: record(49, { repoId: 'other-repo' }), Unrelated: record(49) } },
      { id: 48, artifacts: { Palisade: record(48), Palisade_Build_2: record(48, { attempt: 2 }) } },
      { id: 47, artifacts: { Palisade: record(47, { derived: true }) } },
      { id: 46, artifacts: { Palisade: record(46) } },
    ]);
    const r = await readEarlierRecords(azure, q, 5000);
    assert.equal(r.earlier.available, true);
    assert.deepEqual(r.buildIds, [48, 47], 'stops once a record carries history');
    const records = r.earlier.available ? r.earlier.records : [];
    assert.equal(records[0].scan.jobAttempt, 2, 'the newest job attempt of a build');
    assert.match(r.note, /^Earlier results: builds 48, 47 \(main, finished /);
    assert.ok(!reads.some((x) => x.startsWith('50')), 'never its own build');
    assert.ok(!reads.some((x) => x.includes('Unrelated')));
  });

  it('says when no earlier build carries a record', async () => {
    const { azure } = fakeAzure([{ id: 40, artifacts: { Palisade: undefined } }]);
    const r = await readEarlierRecords(azure, q, 5000);
    assert.deepEqual(r.earlier, { available: true, records: [] });
    assert.match(r.note, /none for this branch/);
  });

  it('reports history as unavailable when a read fails or takes too long', async () => {
    const failing = fakeAzure([{ id: 40, artifacts: { Palisade: record(40) } }], { containerStatus: 500 });
    const r = await readEarlierRecords(failing.azure, q, 5000);
    assert.deepEqual(r.earlier, { available: false });
    assert.match(r.note, /could not be read \(HTTP 500 reading Palisade\/palisade-scan\.json from container 4000\)/);
    const slow = await readEarlierRecords(fakeAzure([], { hang: true }).azure, q, 10);
    assert.deepEqual(slow.earlier, { available: false });
    assert.match(slow.note, /not read within 10 ms/);
  });

  it('lists the names of a build\'s artifacts', async () => {
    const { azure } = fakeAzure([{ id: 7, artifacts: { A: undefined, B: undefined } }]);
    assert.deepEqual([...(await buildArtifactNames(azure, 'p', 7))], ['A', 'B']);
  });
});
