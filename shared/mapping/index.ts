/** Draft → cloud mappings: API bodies and plan, Terraform HCL, draft JSON files, request text. */
export * from './api';
export * from './terraform';
export * from './draft-json';
export * from './api-requests';
