/**
 * The agent's side of the task's log: ordinary lines, and the logging commands the task sends,
 * every one built and escaped by azure-pipelines-task-lib. index.ts wires the task-lib
 * functions; tests capture the same lines through `textOutput`, which formats them with
 * task-lib's own TaskCommand (the code task-lib's functions print with).
 */
import { TaskCommand } from 'azure-pipelines-task-lib/taskcommand';

export interface IssueLocation {
  path: string;
  line?: number;
  column?: number;
  code?: string;
}

export interface AgentOutput {
  /** An ordinary line, already masked and neutralised. */
  line(text: string): void;
  /** `task.setsecret`: one line, never a multi-line value (task-lib refuses those). */
  setSecret(value: string): void;
  /** `task.logissue`. */
  issue(type: 'error' | 'warning', message: string, at?: IssueLocation): void;
  /** `task.setvariable` of an output variable. */
  setOutput(name: string, value: string): void;
  /** `artifact.upload` of a folder as a container artifact. */
  uploadArtifact(name: string, folder: string): void;
  /** `task.uploadsummary`. */
  uploadSummary(file: string): void;
  /** `build.addbuildtag` on this build. */
  addBuildTag(tag: string): void;
}

/** The subset of `azure-pipelines-task-lib/task` the task's log uses (a type only: no side effects). */
export type TaskLib = Pick<typeof import('azure-pipelines-task-lib/task'), 'setSecret' | 'logIssue' | 'setVariable' | 'uploadArtifact' | 'uploadSummary' | 'addBuildTag' | 'IssueType'>;

/** Through task-lib's functions, as on an agent. */
export function taskLibOutput(tl: TaskLib, write: (text: string) => void = (t) => process.stdout.write(t + '\n')): AgentOutput {
  return {
    line: write,
    setSecret: (value) => tl.setSecret(value),
    issue: (type, message, at) => tl.logIssue(type === 'error' ? tl.IssueType.Error : tl.IssueType.Warning, message, at?.path, at?.line, at?.column, at?.code),
    setOutput: (name, value) => tl.setVariable(name, value, false, true),
    uploadArtifact: (name, folder) => tl.uploadArtifact(name, folder, name),
    uploadSummary: (file) => tl.uploadSummary(file),
    addBuildTag: (tag) => tl.addBuildTag(tag),
  };
}

/** The same lines as `taskLibOutput`, handed to `write` (tests, or a plain stdout without task-lib). */
export function textOutput(write: (text: string) => void): AgentOutput {
  const command = (name: string, properties: Record<string, string | undefined> | null, data: string) =>
    write(new TaskCommand(name, (properties ?? undefined) as Record<string, string>, data).toString());
  return {
    line: write,
    setSecret: (value) => {
      // task-lib's own rule, kept here so a test catches what the agent would refuse.
      if (/\r|\n/.test(value)) throw new Error('Secrets cannot contain multiple lines');
      if (value) command('task.setsecret', {}, value);
    },
    issue: (type, message, at) =>
      command('task.logissue', { type, code: at?.code, sourcepath: at?.path, linenumber: at?.line ? String(at.line) : undefined, columnnumber: at?.column ? String(at.column) : undefined }, message),
    setOutput: (name, value) => command('task.setvariable', { variable: name, isOutput: 'true', issecret: 'false' }, value),
    uploadArtifact: (name, folder) => command('artifact.upload', { containerfolder: name, artifactname: name }, folder),
    uploadSummary: (file) => command('task.uploadsummary', null, file),
    addBuildTag: (tag) => command('build.addbuildtag', null, tag),
  };
}

/**
 * task-lib prints `task.debug` lines of its own with paths it found in the repository (findMatch
 * lists every file it walks). The agent decodes `%0A` in their data into new log lines, where a
 * file name could start `##[error]...`. This stream, given to task-lib's setStdStream, re-issues
 * each such line with its message neutralised; every other line passes unchanged.
 */
export function neutralisingDebugStream(write: (text: string) => void, neutraliseText: (s: string) => string): { write(chunk: string | Buffer): boolean } {
  // The prefix as task-lib prints it (no command literal in this code).
  const PREFIX = new TaskCommand('task.debug', undefined, '').toString();
  return {
    write(chunk) {
      const text = String(chunk);
      write(
        text
          .split('\n')
          .map((line) => {
            if (!line.startsWith(PREFIX)) return line;
            const eol = line.endsWith('\r') ? '\r' : '';
            const data = line.slice(PREFIX.length, line.length - eol.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%AZP25/g, '%');
            return new TaskCommand('task.debug', undefined, neutraliseText(data)).toString() + eol;
          })
          .join('\n'),
      );
      return true;
    },
  };
}
