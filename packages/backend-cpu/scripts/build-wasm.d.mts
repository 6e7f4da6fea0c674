/** Where the generated module lives. */
export declare const generatedPath: string;
/** asc's flags. */
export declare const ascFlags: readonly string[];
/** Compiles the kernels in memory; resolves to the module's bytes. */
export declare function compileKernels(): Promise<Uint8Array>;
/** The source of the TypeScript module that embeds `bytes`. */
export declare function generatedModule(bytes: Uint8Array): string;
