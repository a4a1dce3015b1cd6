import type { Finding } from '../../tasks/contract/findings';
import { BUILTIN_DEFAULTS } from '../../tasks/contract/projectSettings';
import type { PipelineContext } from '../../tasks/PalisadeScanV1/context/pipelineContext';
import { composeRecord, type RecordInput } from '../../tasks/PalisadeScanV1/steps/recordStep';
import { judge } from '../../tasks/PalisadeScanV1/steps/verdict';
import { capturedLog, pipelineContext } from './taskFakes';

/** A RecordInput for a branch build of `ctx` with these findings (override any field). */
export function recordInput(findings: Finding[], ctx: PipelineContext = pipelineContext(), over: Partial<RecordInput> = {}): RecordInput {
  return {
    ctx,
    data: { findings, rules: [], diagnostics: [], notes: [], options: {} },
    verdict: judge(findings, { failOn: 'high', continueOnScannerError: false }),
    rootPrefix: '',
    startedAt: Date.now() - 1000,
    settings: BUILTIN_DEFAULTS,
    failOn: 'high',
    settingsLine: 'Settings: built-in defaults',
    dismissals: { honoured: [], ignored: [] },
    summary: '# summary',
    log: capturedLog().log,
    ...over,
  };
}

/** A composed scan record, as the task writes it. */
export function composedRecord(findings: Finding[], ctx?: PipelineContext, over: Partial<RecordInput> = {}) {
  return composeRecord(recordInput(findings, ctx, over));
}
