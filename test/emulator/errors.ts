/**
 * Errors answered in the shape Azure DevOps uses for every failed REST call, so clients that
 * read `message` / `typeKey` from the body (both official clients do) behave as in production.
 */

export interface ServiceErrorBody {
  $id: string;
  innerException: null;
  message: string;
  typeName: string;
  typeKey: string;
  errorCode: number;
  eventId: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly typeKey: string,
    message: string,
    /** .NET namespace of the exception, only used to build `typeName` like the service does. */
    readonly namespace = 'Microsoft.VisualStudio.Services.WebApi',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ServiceErrorBody {
    return {
      $id: '1',
      innerException: null,
      message: this.message,
      typeName: `${this.namespace}.${this.typeKey}, ${this.namespace}`,
      typeKey: this.typeKey,
      errorCode: 0,
      eventId: 3000,
    };
  }
}

const GIT_NS = 'Microsoft.TeamFoundation.Git.Server';
const BUILD_NS = 'Microsoft.TeamFoundation.Build.WebApi';
const CORE_NS = 'Microsoft.TeamFoundation.Core.WebApi';
const EXT_NS = 'Microsoft.VisualStudio.Services.ExtensionManagement.WebApi';
const FRAMEWORK_NS = 'Microsoft.TeamFoundation.Framework.Server';

export const errors = {
  badRequest: (message: string, typeKey = 'ArgumentException') => new ApiError(400, typeKey, message, 'System'),
  notFound: (message: string, typeKey = 'NotFoundException') => new ApiError(404, typeKey, message),
  routeNotFound: (path: string) =>
    new ApiError(404, 'RouteNotFoundException', `The requested resource '${path}' is not served by the Palisade emulator.`),
  methodNotAllowed: (method: string, path: string) =>
    new ApiError(405, 'HttpMethodNotAllowedException', `The requested resource does not support http method '${method}' (${path}).`),

  unsupportedMediaType: (given: string, expected: string) =>
    new ApiError(415, 'UnsupportedMediaTypeException', `The request content type '${given}' is not supported; send ${expected}.`, 'System.Web.Http'),
  anonymous: () =>
    new ApiError(401, 'UnauthorizedRequestException',
      'TF400813: Resource not available for anonymous access. Client authentication required.', FRAMEWORK_NS),
  /** What the service answers when a token is valid but not scoped for the resource. */
  notAuthorized: (userId: string) =>
    new ApiError(401, 'InvalidIdentityException', `TF400813: The user '${userId}' is not authorized to access this resource.`, FRAMEWORK_NS),
  gitPermission: (permission: string, displayName: string, scope: string) =>
    new ApiError(403, 'GitNeedsPermissionException',
      `TF401027: You need the Git '${permission}' permission to perform this action. Details: identity '${displayName}', scope '${scope}'.`, GIT_NS),
  buildPermission: (permission: string, displayName: string) =>
    new ApiError(403, 'AccessDeniedException',
      `Access denied. ${displayName} needs ${permission} permissions for the build to perform the action.`, BUILD_NS),
  /** Guess (test/emulator/README.md): the security service's access-check answer for a Project namespace permission. */
  projectPermission: (permission: string, displayName: string, project: string) =>
    new ApiError(403, 'AccessCheckException',
      `TF50309: The following account does not have sufficient permissions to complete the operation: ${displayName}. The following permissions are needed to perform this operation: ${permission} (project ${project}).`, FRAMEWORK_NS),
  extensionDataPermission: (displayName: string) =>
    new ApiError(403, 'AccessCheckException',
      `VS403362: ${displayName} does not have permission to write extension data in the scope Default/Current.`, FRAMEWORK_NS),

  projectNotFound: (project: string) =>
    new ApiError(404, 'ProjectDoesNotExistWithNameException',
      `TF200016: The following project does not exist: ${project}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`, CORE_NS),
  repositoryNotFound: (repo: string) =>
    new ApiError(404, 'GitRepositoryNotFoundException',
      `TF401019: The Git repository with name or identifier ${repo} does not exist or you do not have permissions for the operation you are attempting.`, GIT_NS),
  pullRequestNotFound: () => new ApiError(404, 'GitPullRequestNotFoundException', 'TF401180: The requested pull request was not found.', GIT_NS),
  iterationNotFound: (id: number) =>
    new ApiError(404, 'GitPullRequestIterationNotFoundException', `TF401178: The pull request iteration ${id} was not found.`, GIT_NS),
  statusNotFound: (id: number) => new ApiError(404, 'GitPullRequestStatusNotFoundException', `The pull request status ${id} was not found.`, GIT_NS),
  threadNotFound: (id: number) => new ApiError(404, 'GitPullRequestThreadNotFoundException', `TF401181: The pull request thread ${id} was not found.`, GIT_NS),
  commentNotFound: (id: number) => new ApiError(404, 'GitPullRequestCommentNotFoundException', `TF401182: The pull request comment ${id} was not found.`, GIT_NS),
  unresolvableVersion: (descriptor: string, repo: string) =>
    new ApiError(404, 'GitUnresolvableToCommitException',
      `TF401175: The version descriptor ${descriptor} could not be resolved to a version in the repository ${repo}`, GIT_NS),
  itemNotFound: (path: string, repo: string, descriptor: string) =>
    new ApiError(404, 'GitItemNotFoundException',
      `TF401174: The item '${path}' could not be found in the repository '${repo}' at the version specified by '${descriptor}'.`, GIT_NS),

  buildNotFound: (id: number) => new ApiError(404, 'BuildNotFoundException', `The requested build ${id} could not be found.`, BUILD_NS),
  artifactNotFound: (name: string, buildId: number) =>
    new ApiError(404, 'ArtifactNotFoundException', `Artifact ${name} was not found for build ${buildId}.`, BUILD_NS),
  artifactExists: (name: string, buildId: number) =>
    new ApiError(409, 'ArtifactExistsException', `Artifact ${name} already exists for build ${buildId}.`, BUILD_NS),
  containerNotFound: (id: number) =>
    new ApiError(404, 'ContainerNotFoundException', `The container ${id} could not be found.`, 'Microsoft.VisualStudio.Services.FileContainer'),
  containerItemNotFound: (path: string) =>
    new ApiError(404, 'ContainerItemNotFoundException', `The item ${path} could not be found in the container.`, 'Microsoft.VisualStudio.Services.FileContainer'),

  documentExists: (id: string, collection: string) =>
    new ApiError(409, 'DocumentAlreadyExistsException', `A document with id '${id}' already exists in collection '${collection}'.`, EXT_NS),
  documentNotFound: (id: string, collection: string) =>
    new ApiError(404, 'DocumentDoesNotExistException', `The document '${id}' does not exist in collection '${collection}'.`, EXT_NS),
  collectionNotFound: (collection: string) =>
    new ApiError(404, 'DocumentCollectionDoesNotExistException', `The document collection '${collection}' does not exist.`, EXT_NS),
  staleDocument: (id: string, given: number, current: number) =>
    new ApiError(409, 'InvalidDocumentVersionException',
      `The document '${id}' has version ${current}; the request was based on version ${given}. Read the document again and retry.`, EXT_NS),

  rateLimited: () =>
    new ApiError(429, 'RequestBlockedException',
      "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'ATCPU' in namespace 'User'.", FRAMEWORK_NS),
  serverError: (status: number) =>
    status === 503
      ? new ApiError(503, 'ServiceUnavailableException', 'TF400898: The service is temporarily unavailable. Try again later.', FRAMEWORK_NS)
      : new ApiError(status, 'InternalServerErrorException', `TF400898: An internal error occurred (injected ${status}).`, FRAMEWORK_NS),
};
