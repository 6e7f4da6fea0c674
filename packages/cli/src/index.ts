/**
 * `@rectify/cli`: the `rectify` command as a function, for scripts and tests.
 *
 * @example
 * ```ts
 * import { main } from '@rectify/cli';
 * const code = await main(['conformance', '--backend', 'cpu', '--ops', 'relu']);
 * ```
 */
export { main, usage } from './main.js';
