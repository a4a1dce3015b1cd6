/**
 * A write the service refused, told in terms of the permission it needs. Settings and branch
 * triage are project properties: Azure DevOps lets only holders of *Manage project properties*
 * (project administrators, unless an administrator granted it to others) write them.
 */
export const MANAGE_PROPERTIES_PERMISSION = 'Manage project properties';

export class WritePermissionError extends Error {
  override name = 'WritePermissionError';
  constructor(
    readonly action: string,
    readonly serviceMessage: string,
  ) {
    super(`Azure DevOps refused: to ${action} you need the project permission "${MANAGE_PROPERTIES_PERMISSION}" (project administrators have it). ${serviceMessage}`.trim());
  }
}

/** 401/403 become a WritePermissionError naming the permission; anything else is returned as is. */
export function writeRefused(e: unknown, action: string): unknown {
  const err = (e ?? {}) as { status?: unknown; statusCode?: unknown; message?: unknown; serverError?: { message?: unknown } };
  const status = Number(err.status ?? err.statusCode);
  if (status !== 401 && status !== 403) return e;
  const message = err.serverError?.message ?? err.message;
  return new WritePermissionError(action, typeof message === 'string' ? `(${message})` : '');
}
