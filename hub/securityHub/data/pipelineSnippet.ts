/**
 * What an admin adds to a pipeline and to a branch policy to turn the settings into checks:
 * the task step and the pull-request status to require.
 */
import { DEFAULT_STATUS_NAME, STATUS_GENRE } from '../../../tasks/contract/extension';

/** `palisade/security-scan`: the status genre/name a branch policy requires. */
export const REQUIRED_STATUS = `${STATUS_GENRE}/${DEFAULT_STATUS_NAME}`;

/**
 * The step reads its settings from this hub at run time (inputs given in YAML win over them),
 * so the snippet stays the same whatever the admin sets here.
 */
export const PIPELINE_YAML = `steps:
- checkout: self
  fetchDepth: 0  # full history lets pull-request scans compare with the merge base
- task: PalisadeScan@1
  displayName: Palisade security scan
  # Scanners, failOn, PR status and comments and excludes come from Repos > Security.
`;
