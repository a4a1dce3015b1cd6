/**
 * Tokens, identities and the few permission checks Palisade's calls meet in production:
 * contributing to pull requests (statuses, threads), commit statuses, build artifacts and
 * extension data. Tokens are sent as `Bearer <token>` (System.AccessToken, the SDK's access
 * token) or as the password of Basic auth (a PAT).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { errors } from './errors';

export type Role = 'projectAdmin' | 'contributor' | 'reader' | 'buildService';

export interface Identity {
  /** Short name used in URLs and tests: admin, contributor, reader, build, build-nodata. */
  key: string;
  id: string;
  displayName: string;
  uniqueName: string;
  descriptor: string;
  role: Role;
  /**
   * `none` models a pipeline token that was not granted extension data: every extension data
   * call is refused with the service's 401 (TF400813), as for a token lacking that scope.
   */
  extensionData: 'readWrite' | 'none';
  token: string;
  /**
   * Projects (names or ids) the identity is a member of, with `role` in each; absent means every
   * project of the organisation. Anything of another project answers as if it did not exist.
   */
  projects?: string[];
}

/** The caller of an anonymous route who sent no token. */
export const ANONYMOUS: Identity = {
  key: 'anonymous', id: '00000000-0000-0000-0000-000000000000', displayName: 'Anonymous', uniqueName: 'anonymous',
  descriptor: 'anonymous', role: 'reader', extensionData: 'none', token: '',
};

export function authenticate(headers: IncomingHttpHeaders, identities: readonly Identity[]): Identity {
  const header = headers.authorization;
  if (!header) throw errors.anonymous();
  const [scheme, value = ''] = header.split(/\s+/, 2);
  const candidates: string[] = [];
  if (/^bearer$/i.test(scheme)) {
    candidates.push(value);
  } else if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // PAT convention: any user name, the token as password; some tools put it in the user part.
    if (colon >= 0) candidates.push(decoded.slice(colon + 1), decoded.slice(0, colon));
    else candidates.push(decoded);
  }
  const identity = identities.find((i) => candidates.includes(i.token));
  if (!identity) throw errors.anonymous();
  return identity;
}

/** Whether the identity may see a project at all (membership; readers see everything in theirs). */
export function isProjectMember(identity: Identity, project: { id: string; name: string }): boolean {
  if (!identity.projects) return true;
  return identity.projects.some((p) => p.toLowerCase() === project.id.toLowerCase() || p.toLowerCase() === project.name.toLowerCase());
}

/**
 * Project properties: writing needs the Project namespace permission *Manage project
 * properties* (MANAGE_PROPERTIES), which project administrators hold and contributors, readers
 * and build identities do not.
 */
export function requireManageProjectProperties(identity: Identity, project: { id: string; name: string }): void {
  if (identity.role !== 'projectAdmin' || !isProjectMember(identity, project)) throw errors.projectPermission('Manage project properties', identity.displayName, project.name);
}

/**
 * Branch policies: the Git repository permission *Edit policies* (EditPolicies, 2048), which
 * Project Administrators hold by default and contributors, readers and build identities do not
 * (Microsoft Learn, "Branch policies": "member of the Project Administrators security group or
 * have repository-level Edit policies permissions").
 */
export function requireEditPolicies(identity: Identity, repositoryName: string): void {
  if (identity.role !== 'projectAdmin') throw errors.gitPermission('EditPolicies', identity.displayName, `repository ${repositoryName}`);
}

/** PR statuses, threads and comments: the `PullRequestContribute` permission. */
export function requirePullRequestContribute(identity: Identity, repositoryName: string): void {
  if (identity.role === 'reader') throw errors.gitPermission('PullRequestContribute', identity.displayName, `repository ${repositoryName}`);
}

/** Commit statuses: the `GenericContribute` permission. */
export function requireGenericContribute(identity: Identity, repositoryName: string): void {
  if (identity.role === 'reader') throw errors.gitPermission('GenericContribute', identity.displayName, `repository ${repositoryName}`);
}

/** Build artifacts and tags are written by the build itself (or an administrator). */
export function requireUpdateBuildInformation(identity: Identity): void {
  if (identity.role !== 'buildService' && identity.role !== 'projectAdmin') {
    throw errors.buildPermission('Update build information', identity.displayName);
  }
}

/**
 * Extension data. The service runs no permission check on documents: Default/Current is
 * readable and writable by every member of the collection (REAL-SERVICE.md). It checks only
 * the token: one without the extension's host-authorization claim is refused (when the
 * service has `CheckHostAuthorization` on; the emulator's default, see serviceProfile.ts).
 */
export function requireExtensionData(identity: Identity, checkHostAuthorization: boolean): void {
  if (identity.extensionData === 'none') throw errors.notAuthorized(identity.id);
  if (checkHostAuthorization && identity.role === 'buildService') throw errors.tokenMissingHostAuthorization();
}
