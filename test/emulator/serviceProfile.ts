/**
 * Which Azure DevOps the emulator plays: the cloud service (REST API up to 7.2-preview, 7.1
 * released) or Azure DevOps Server 2022 (REST API up to 7.0, Microsoft Learn "REST API
 * versioning"), and whether extension data checks the token's host-authorization claim
 * (`CheckHostAuthorization`, REAL-SERVICE.md).
 */
import type { ResourceLocation } from './locations';

export type ServerVersion = 'services' | '2022';

export interface ServiceProfile {
  serverVersion: ServerVersion;
  /**
   * Extension data refuses tokens without the extension's host-authorization claim (401
   * `TokenMissingHostAuthorizationClaimException`). The emulator treats pipeline (build
   * service) tokens as lacking it, since a job token is not issued to the extension.
   */
  checkHostAuthorization: boolean;
}

export const DEFAULT_PROFILE: ServiceProfile = { serverVersion: 'services', checkHostAuthorization: true };

/** `PALISADE_EMULATOR_SERVER=2022`, `PALISADE_EMULATOR_HOST_AUTHORIZATION=off`. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ServiceProfile> {
  const out: Partial<ServiceProfile> = {};
  const server = env.PALISADE_EMULATOR_SERVER?.trim().toLowerCase();
  if (server === '2022') out.serverVersion = '2022';
  else if (server === 'services') out.serverVersion = 'services';
  else if (server) throw new Error(`PALISADE_EMULATOR_SERVER="${env.PALISADE_EMULATOR_SERVER}": use "services" or "2022".`);
  const host = env.PALISADE_EMULATOR_HOST_AUTHORIZATION?.trim().toLowerCase();
  if (host === 'off' || host === 'false' || host === '0') out.checkHostAuthorization = false;
  else if (host === 'on' || host === 'true' || host === '1') out.checkHostAuthorization = true;
  else if (host) throw new Error(`PALISADE_EMULATOR_HOST_AUTHORIZATION="${env.PALISADE_EMULATOR_HOST_AUTHORIZATION}": use "on" or "off".`);
  return out;
}

/** Highest REST API version the server answers. */
export function maxApiVersion(profile: Pick<ServiceProfile, 'serverVersion'>): string {
  return profile.serverVersion === '2022' ? '7.0' : '7.2';
}

/**
 * A location as this server advertises it. Server 2022 released everything it has at 7.0
 * (preview-only resources stay preview-only).
 */
export function locationFor(location: ResourceLocation, profile: Pick<ServiceProfile, 'serverVersion'>): ResourceLocation {
  if (profile.serverVersion !== '2022') return location;
  const max = maxApiVersion(profile);
  const released = Number(location.releasedVersion) > 0 ? max : location.releasedVersion;
  return { ...location, maxVersion: max, releasedVersion: released };
}
