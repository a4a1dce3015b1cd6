/**
 * api-version negotiation as the service does it: every call names a version (query string or
 * Accept parameter), versions above the resource's released version must say `-preview`, and
 * versions outside [minVersion, maxVersion] are refused.
 */
import { ApiError } from './errors';
import type { ResourceLocation } from './locations';

export interface ApiVersion {
  text: string;
  version: number;
  preview: boolean;
  resourceVersion?: number;
}

const VERSION = /^(\d+(?:\.\d+)?)(-preview(?:\.(\d+))?)?$/i;

export function parseApiVersion(text: string): ApiVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { text: text.trim(), version: Number(m[1]), preview: Boolean(m[2]), resourceVersion: m[3] ? Number(m[3]) : undefined };
}

const NS = 'Microsoft.VisualStudio.Services.WebApi';

/**
 * Validates the requested version against a resource location. GET requests without a version
 * are served (the service does the same for browser navigation); other methods must name one.
 */
export function checkApiVersion(requested: string | undefined, method: string, location: ResourceLocation): ApiVersion | undefined {
  if (!requested) {
    if (method === 'GET' || method === 'OPTIONS') return undefined;
    throw new ApiError(400, 'VssVersionNotSpecifiedException',
      `No api-version was supplied for the ${method} request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").`, NS);
  }
  const v = parseApiVersion(requested);
  if (!v) {
    throw new ApiError(400, 'VssInvalidApiVersionException', `The api-version '${requested}' is not valid.`, NS);
  }
  const max = Number(location.maxVersion);
  const min = Number(location.minVersion);
  if (v.version > max) {
    throw new ApiError(400, 'VssVersionOutOfRangeException',
      `The requested REST API version of ${v.text} is out of range for this server. The latest REST API version this server supports is ${location.maxVersion}.`, NS);
  }
  if (v.version < min) {
    throw new ApiError(400, 'VssVersionOutOfRangeException',
      `The requested REST API version of ${v.text} is out of range for this resource. The minimum REST API version for this resource is ${location.minVersion}.`, NS);
  }
  if (v.version > Number(location.releasedVersion) && !v.preview) {
    throw new ApiError(400, 'VssInvalidPreviewVersionException',
      `The requested version "${v.text}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${v.text}-preview"`, NS);
  }
  return v;
}
