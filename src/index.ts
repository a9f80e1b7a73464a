// Public library API.
export { convert } from './convert';
export type { ConvertResult, ConvertOptions, Explanation, Status } from './convert';
export { FsContext, MemoryContext, EMPTY_CONTEXT } from './context';
export type { BuildContext } from './context';
export { CODES } from './codes';
export type { Code, Warning } from './codes';
