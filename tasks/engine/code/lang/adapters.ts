import type { ProgramLanguage } from '../../rules/codeRuleSpec';
import type { SyntaxAdapter } from '../syntax';
import { csharpAdapter } from './csharp';
import { goAdapter } from './go';
import { javaAdapter } from './java';
import { javascriptAdapter } from './javascript';
import { pythonAdapter } from './python';

/** The syntax adapter of each programming language (TypeScript shares JavaScript's; Razor is C#). */
export const ADAPTERS: Readonly<Record<ProgramLanguage, SyntaxAdapter>> = {
  javascript: javascriptAdapter,
  typescript: javascriptAdapter,
  python: pythonAdapter,
  csharp: csharpAdapter,
  razor: csharpAdapter,
  java: javaAdapter,
  go: goAdapter,
};
