import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImport, importSpecifiers, scanRepo } from './import-rules';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('the dependency rule', () => {
  it('holds for every source file of the repo', () => {
    expect(scanRepo(root)).toEqual([]);
  });

  it('catches each kind of violation', () => {
    expect(checkImport('shared/model/x.ts', 'node:fs')).toMatch(/Node/);
    expect(checkImport('shared/model/x.ts', 'fs')).toMatch(/Node/);
    expect(checkImport('shared/model/x.ts', 'electron')).toMatch(/electron/);
    expect(checkImport('shared/model/x.ts', '../../electron/core/ports')).toMatch(/only shared/);
    expect(checkImport('shared/model/x.ts', 'lodash')).toMatch(/only shared/);
    expect(checkImport('electron/core/x.ts', 'electron')).toMatch(/never imports electron/);
    expect(checkImport('electron/dev-host/x.ts', 'electron')).toMatch(/never imports electron/);
    expect(checkImport('electron/core/x.ts', '../../renderer/src/App.svelte')).toMatch(/imports only/);
    expect(checkImport('electron/sandbox/x.ts', '../../shared/validation')).toMatch(/independent/);
    expect(checkImport('renderer/src/x.ts', 'node:path')).toMatch(/Node/);
    expect(checkImport('renderer/src/lib/x.test.ts', 'node:fs')).toMatch(/Node/);
    expect(checkImport('shared/model/x.test.ts', 'node:fs')).toMatch(/Node/);
    expect(checkImport('renderer/src/x.ts', '../../electron/core/ports')).toMatch(/only renderer/);
  });

  it('allows what the rule allows', () => {
    expect(checkImport('shared/model/x.ts', 'zod')).toBeNull();
    expect(checkImport('shared/model/x.ts', '../ipc/result')).toBeNull();
    expect(checkImport('electron/core/x.ts', 'node:fs')).toBeNull();
    expect(checkImport('electron/core/x.ts', '../../shared/ipc/result')).toBeNull();
    expect(checkImport('electron/main.ts', 'electron')).toBeNull();
    expect(checkImport('renderer/src/lib/x.ts', '../../../shared/model/draft')).toBeNull();
    expect(checkImport('electron/core/x.ts', '../sandbox')).toBeNull(); // a folder's index file
    expect(checkImport('electron/sandbox/x.ts', '../core')).not.toBeNull();
    expect(checkImport('shared/model/x.ts', '../../electron/core')).not.toBeNull();
  });

  it('finds static, type, dynamic, re-export and require specifiers', () => {
    const src = `import a from 'a';\nimport type { B } from "b";\nexport { c } from './c';\nconst d = await import('d');\nconst e = require('e');\nimport 'f';\n// import 'g' in a comment\n/* import 'h' */`;
    expect(importSpecifiers(src).sort()).toEqual(['./c', 'a', 'b', 'd', 'e', 'f']);
  });
});
