export * from './entry';
export * from './text';
export * from './analyze';
export * from './diff';
export * from './plan';
