/**
 * Test support: an `FsLike` over the real file system that fails chosen calls (SQLite-style "fail the Nth
 * I/O"), including calls on the handles it opens (`write`, `sync`, `chmod`, `close`).
 */
import { nodeFs, type FileHandleLike, type FsLike } from '../durable-file';

/** Names of the calls that can fail. */
export type FsOp = 'open' | 'write' | 'sync' | 'chmod' | 'close' | 'rename' | 'link' | 'unlink' | 'fchmod' | 'mkdir' | 'readFile' | 'readdir' | 'stat';

/** One call as seen by a rule. */
export interface FsCall {
  op: FsOp;
  path: string;
  /** 1-based index over all calls since the last `reset()`. */
  n: number;
  /** 1-based index over calls of this op since the last `reset()`. */
  nOfOp: number;
}

/** Decides whether a call fails: return an error to throw it, undefined to let the call through. */
export type FaultRule = (call: FsCall) => Error | undefined;

/** A Node-style system error. */
export function sysError(code: string, op: string, file: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EBUSY: 'resource busy or locked',
    EIO: 'i/o error',
    EROFS: 'read-only file system',
  };
  const e = new Error(`${code}: ${messages[code] ?? 'error'}, ${op} '${file}'`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = op;
  e.path = file;
  return e;
}

/** The shim and its call log. */
export interface FaultyFs extends FsLike {
  calls: FsCall[];
  rule: FaultRule | null;
  /** Clear the log and counters (and optionally set a new rule). */
  reset(rule?: FaultRule | null): void;
}

/** Build a faulty fs. `base` defaults to the real one. */
export function createFaultyFs(rule: FaultRule | null = null, base: FsLike = nodeFs): FaultyFs {
  let n = 0;
  const perOp = new Map<FsOp, number>();
  const self: FaultyFs = {
    calls: [],
    rule,
    reset(r) {
      n = 0;
      perOp.clear();
      self.calls = [];
      if (r !== undefined) self.rule = r;
    },
    open: async (file, flags, mode) => {
      check('open', file);
      const h = await base.open(file, flags, mode);
      return wrapHandle(h, file);
    },
    rename: async (a, b) => {
      check('rename', `${a} -> ${b}`);
      return base.rename(a, b);
    },
    link: async (a, b) => {
      check('link', `${a} -> ${b}`);
      return base.link(a, b);
    },
    unlink: async (f) => {
      check('unlink', f);
      return base.unlink(f);
    },
    chmod: async (f, m) => {
      check('chmod', f);
      return base.chmod(f, m);
    },
    mkdir: async (d, o) => {
      check('mkdir', d);
      return base.mkdir(d, o);
    },
    readFile: async (f) => {
      check('readFile', f);
      return base.readFile(f);
    },
    readdir: async (d) => {
      check('readdir', d);
      return base.readdir(d);
    },
    stat: async (f) => {
      check('stat', f);
      return base.stat(f);
    },
  };

  function check(op: FsOp, file: string): void {
    n++;
    const k = (perOp.get(op) ?? 0) + 1;
    perOp.set(op, k);
    const call: FsCall = { op, path: file, n, nOfOp: k };
    self.calls.push(call);
    const err = self.rule?.(call);
    if (err) throw err;
  }

  function wrapHandle(h: FileHandleLike, file: string): FileHandleLike {
    return {
      writeFile: async (d) => {
        check('write', file);
        return h.writeFile(d);
      },
      sync: async () => {
        check('sync', file);
        return h.sync();
      },
      chmod: async (m) => {
        check('fchmod', file);
        return h.chmod(m);
      },
      close: async () => {
        // A failing close still closes the real descriptor (as the OS does), so no fd leaks in tests.
        try {
          check('close', file);
        } finally {
          await h.close();
        }
      },
    };
  }

  return self;
}
