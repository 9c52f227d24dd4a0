/** Fleet rollout (issue 12): resolving, validating and exporting a fleet plan. Pure; no I/O. */
export * from './resolve';
export * from './validate';
export * from './next-port';
export * from './export';
export * from './terraform';
