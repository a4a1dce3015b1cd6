/** Files of a build's artifacts (hub/shared/sdk/buildArtifacts.ts): which artifacts are tried, in which order, and with how many calls. */
import assert from 'node:assert/strict';
import type { BuildArtifact } from 'azure-devops-extension-api/Build';
import { BuildArtifactReader, SARIF_FILE } from '../../../../hub/shared/sdk/buildArtifacts';
import type { ContainerFileClient } from '../../../../hub/shared/sdk/restClients';

function artifact(id: number, name: string, data: string, type = 'Container'): BuildArtifact {
  return { id, name, source: '', resource: { type, data, downloadUrl: '', properties: {}, url: '', _links: {} } } as unknown as BuildArtifact;
}

function reader(artifacts: BuildArtifact[] | null, files: Record<string, string>) {
  const reads: string[] = [];
  const lists: Array<[string, number]> = [];
  const containers = {
    readText: async (containerId: number, itemPath: string, scope?: string) => {
      reads.push(`${containerId}:${itemPath}:${scope}`);
      return files[`${containerId}:${itemPath}`] ?? null;
    },
  } as unknown as ContainerFileClient;
  const r = new BuildArtifactReader({ getArtifacts: async (project, buildId) => (lists.push([project, buildId]), artifacts as BuildArtifact[]) }, containers, 'p1');
  return { r, reads, lists };
}

describe('hub build artifacts', () => {
  const artifacts = [
    artifact(1, 'CodeAnalysisLogs', '#/10/CodeAnalysisLogs'),
    artifact(2, 'drop', '#/20/drop'),
    artifact(3, 'CodeAnalysisLogs_job_2', '#/30/CodeAnalysisLogs_job_2/'),
    artifact(4, 'pipeline-artifact', 'abc', 'PipelineArtifact'),
  ];

  it('reads the task\'s own artifacts first, newest first, then the others, skipping non-container artifacts', async () => {
    const { r, reads, lists } = reader(artifacts, {
      '10:CodeAnalysisLogs/palisade-scan.json': 'first attempt',
      '30:CodeAnalysisLogs_job_2/palisade-scan.json': 'second attempt',
      '20:drop/palisade-scan.json': 'renamed artifact',
    });
    const all = await r.readRecords(9, true);
    assert.deepEqual(all.map((a) => [a.artifactName, a.artifactId, a.text, a.buildId]), [
      ['CodeAnalysisLogs_job_2', 3, 'second attempt', 9], ['CodeAnalysisLogs', 1, 'first attempt', 9], ['drop', 2, 'renamed artifact', 9],
    ]);
    assert.deepEqual(reads, ['30:CodeAnalysisLogs_job_2/palisade-scan.json:p1', '10:CodeAnalysisLogs/palisade-scan.json:p1', '20:drop/palisade-scan.json:p1']);
    assert.deepEqual(lists, [['p1', 9]]);
  });

  it('stops at the first artifact that has the file when one is enough', async () => {
    const { r, reads } = reader(artifacts, { '10:CodeAnalysisLogs/palisade-scan.json': 'record' });
    const one = await r.readRecords(9, false);
    assert.deepEqual(one.map((a) => a.text), ['record']);
    assert.equal(reads.length, 2, 'the newest own artifact lacked it, the next had it');
  });

  it('reads the SARIF log, or null when no artifact has it or the build has none', async () => {
    const { r } = reader(artifacts, { [`20:drop/${SARIF_FILE}`]: '{"runs":[]}' });
    assert.equal((await r.readSarif(9))?.artifactName, 'drop');
    assert.equal(await reader(artifacts, {}).r.readSarif(9), null);
    assert.deepEqual(await reader(null, {}).r.readRecords(9, true), []);
  });
});
