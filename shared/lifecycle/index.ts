/** Day-two planning: edit, clone and delete drafts, diffs, conflicts, drift. Pure functions only. */
export * from './fields';
export * from './edit';
export * from './delete';
export * from './clone';
export * from './drift';
export * from './validate';
export * from './codes';
