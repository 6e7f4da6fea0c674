/** The source with every `// @interleave` one-vector loop expanded to four vectors a step, then two. */
export declare function interleave(source: string): string;
/** The source with every `// @inline` mark turned into AssemblyScript's `@inline` decorator. */
export declare function inlineMarks(source: string): string;
