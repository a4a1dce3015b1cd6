/** Kept in step with package.json by test/tasks/engine/version.test.ts. */
export const ENGINE_VERSION = '0.1.0';
export const TOOL_NAME = 'Palisade';
export const TOOL_URI = 'https://marketplace.visualstudio.com/items?itemName=palisade-security.palisade';
