/**
 * What the Node side tells the host page (inlined as JSON in the page): the organisation, the
 * signed-in identity and its token, the theme and the page to embed. Shared by both sides.
 */
import { EXTENSION_ID, HUB_CONTRIBUTION_ID, PUBLISHER_ID } from '../../../tasks/contract/extension';
import type { ThemeName } from './theme';

export interface HostPageConfig {
  /** `http://127.0.0.1:port/{org}/`: what the location service answers for every area. */
  orgUrl: string;
  organization: { id: string; name: string };
  project: { id: string; name: string };
  team: { id: string; name: string };
  projects: Array<{ id: string; name: string }>;
  user: { key: string; id: string; displayName: string; uniqueName: string; descriptor: string; imageUrl: string; token: string };
  users: Array<{ key: string; displayName: string }>;
  theme: ThemeName;
  /** Absolute URL of the embedded page, or null when none was asked for. */
  pageUrl: string | null;
  contributionId: string;
  extension: { publisherId: string; extensionId: string; version: string; baseUri: string };
  initialConfig: Record<string, unknown>;
  /**
   * Newest REST API version of the server played (`7.0` for Azure DevOps Server 2022): the
   * host's own clients (the extension data manager) keep to it, as the real host's do.
   */
  maxApiVersion?: string;
}

/** Host URL parameters that configure the emulator; the navigation service hides them from the extension. */
export const CONTROL_PARAMS: readonly string[] = ['page', 'theme', 'user', 'project', 'contribution', 'config'];

export const DEFAULT_CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${HUB_CONTRIBUTION_ID}`;
