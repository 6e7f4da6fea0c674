/** The source with every `// @interleave` one-vector loop expanded to four vectors a step, then two. */
export declare function interleave(source: string): string;
