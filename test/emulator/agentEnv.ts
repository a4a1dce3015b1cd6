/**
 * The environment a pipeline agent gives a task, for a build of the emulator: the predefined
 * variables (as environment variables, the way azure-pipelines-task-lib reads them) and the
 * SystemVssConnection endpoint. A task under test runs against the emulator exactly as on an
 * agent.
 */
import type { Emulator } from './index';

export interface AgentEnvOptions {
  /** Identity whose token is System.AccessToken: `build` (default) or `build-nodata`. */
  identity?: string;
}

export function agentEnvironment(emulator: Emulator, buildId: number, options: AgentEnvOptions = {}): Record<string, string> {
  const store = emulator.store;
  const build = store.data.builds.find((b) => b.id === buildId);
  if (!build) throw new Error(`the emulator has no build ${buildId}`);
  const project = store.project(build.projectId);
  const repo = store.repositoryById(build.repositoryId);
  const requester = store.identity(build.requestedFor);
  const token = emulator.tokens[options.identity ?? 'build'];
  if (!token) throw new Error(`unknown identity ${options.identity}`);
  const remoteUrl = `${new URL(emulator.orgUrl).origin}/${encodeURIComponent(store.data.organization.name)}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`;

  const env: Record<string, string> = {
    SYSTEM_COLLECTIONURI: emulator.orgUrl,
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: emulator.orgUrl,
    SYSTEM_TEAMFOUNDATIONSERVERURI: emulator.orgUrl,
    SYSTEM_COLLECTIONID: store.data.organization.id,
    SYSTEM_TEAMPROJECT: project.name,
    SYSTEM_TEAMPROJECTID: project.id,
    SYSTEM_ACCESSTOKEN: token,
    SYSTEM_HOSTTYPE: 'build',
    SYSTEM_SERVERTYPE: 'Hosted',
    SYSTEM_DEFINITIONID: String(build.definition.id),
    SYSTEM_JOBID: '12f1170f-54f2-53f3-20dd-22fc7dff55f9',
    SYSTEM_JOBNAME: 'Job',
    SYSTEM_JOBATTEMPT: '1',
    BUILD_BUILDID: String(build.id),
    BUILD_BUILDNUMBER: build.buildNumber,
    BUILD_BUILDURI: `vstfs:///Build/Build/${build.id}`,
    BUILD_CONTAINERID: String(build.containerId),
    BUILD_DEFINITIONNAME: build.definition.name,
    BUILD_REASON: build.reason.charAt(0).toUpperCase() + build.reason.slice(1),
    BUILD_REPOSITORY_ID: repo.id,
    BUILD_REPOSITORY_NAME: repo.name,
    BUILD_REPOSITORY_PROVIDER: 'TfsGit',
    BUILD_REPOSITORY_URI: remoteUrl,
    BUILD_SOURCEBRANCH: build.sourceBranch,
    BUILD_SOURCEBRANCHNAME: build.sourceBranch.split('/').pop() ?? build.sourceBranch,
    BUILD_SOURCEVERSION: build.sourceVersion,
    BUILD_REQUESTEDFOR: requester.displayName,
    BUILD_REQUESTEDFORID: requester.id,
    ENDPOINT_URL_SYSTEMVSSCONNECTION: emulator.orgUrl,
    ENDPOINT_AUTH_SYSTEMVSSCONNECTION: JSON.stringify({ parameters: { AccessToken: token }, scheme: 'OAuth' }),
    ENDPOINT_AUTH_SCHEME_SYSTEMVSSCONNECTION: 'OAuth',
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: token,
  };

  const prId = build.triggerInfo?.['pr.number'] ?? /^refs\/pull\/(\d+)\/merge$/.exec(build.sourceBranch)?.[1];
  if (prId) {
    const pr = store.pullRequestInProject(project, Number(prId));
    Object.assign(env, {
      SYSTEM_PULLREQUEST_PULLREQUESTID: String(pr.pullRequestId),
      SYSTEM_PULLREQUEST_SOURCEBRANCH: pr.sourceRefName,
      SYSTEM_PULLREQUEST_TARGETBRANCH: pr.targetRefName,
      SYSTEM_PULLREQUEST_TARGETBRANCHNAME: pr.targetRefName.replace(/^refs\/heads\//, ''),
      // Recorded when the build was queued (state.ts createBuild), as the agent takes it from the build.
      SYSTEM_PULLREQUEST_SOURCECOMMITID: build.triggerInfo?.['pr.sourceSha'] ?? pr.iterations[pr.iterations.length - 1].sourceCommit,
      SYSTEM_PULLREQUEST_SOURCEREPOSITORYURI: remoteUrl,
      SYSTEM_PULLREQUEST_ISFORK: 'False',
    });
  }
  return env;
}
