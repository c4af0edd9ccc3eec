import corePackage from '../package.json' with { type: 'json' };

/** The engine's version, as its package names it: a report says which rules produced it. */
export const ENGINE_VERSION: string = corePackage.version;
