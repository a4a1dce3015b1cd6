/**
 * One MockTestRunner scenario driven by JSON in PALISADE_SCENARIO: inputs and variables are
 * set on the TaskMockRunner, then the compiled task runs under task-lib's mock.
 */
import { join } from 'node:path';
import { TaskMockRunner } from 'azure-pipelines-task-lib/mock-run';

interface Scenario {
  inputs: Record<string, string>;
  variables: Record<string, string>;
}

const scenario = JSON.parse(process.env.PALISADE_SCENARIO ?? '{}') as Scenario;
const runner = new TaskMockRunner(join(__dirname, '..', '..', '..', '..', 'tasks', 'PalisadeScanV1', 'index.js'));
for (const [k, v] of Object.entries(scenario.inputs ?? {})) runner.setInput(k, v);
// Agents pass variables as environment variables (Build.SourcesDirectory -> BUILD_SOURCESDIRECTORY).
for (const [k, v] of Object.entries(scenario.variables ?? {})) process.env[k.replace(/\./g, '_').toUpperCase()] = v;
runner.run();
