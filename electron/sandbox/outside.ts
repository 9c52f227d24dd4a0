/**
 * Changes made "by someone else" (console, Terraform, a colleague): PUT/DELETE of listeners and pools applied
 * in-process, without a signature, a fault or a request-log entry, through the same handlers and rules as the API.
 * They do not wait for a busy load balancer, but they make it PENDING_UPDATE like any change. Used by
 * `handle.outside` and the admin endpoints `/__sandbox/outside/{listeners|pools}/{id}`.
 */
import type { Ctx, Handler } from './api-common';
import { deleteListener, updateListener } from './api-listener-changes';
import { deletePoolCascade, updatePool } from './api-pools';
import { ApiError, notFound } from './errors';
import { renderListener } from './render';
import type { ProjectState, SandboxState } from './state';
import type { OutsideActor } from './types';
import { isObj, readTags } from './validate';

type Kind = 'listener' | 'pool';

/** Builds the outside actor of a sandbox; `changed` runs after every change (to save the state file). */
export function makeOutside(state: SandboxState, pendingMs: number, changed: () => void): OutsideActor {
  const find = (kind: Kind, id: string): ProjectState => {
    for (const ps of Object.values(state.projects)) {
      if ((kind === 'listener' ? ps.listeners : ps.pools).has(id)) return ps;
    }
    throw notFound(kind === 'listener' ? 'Listener' : 'Pool', id);
  };
  const run = (kind: Kind, id: string, handler: Handler, patch?: Record<string, unknown>): Record<string, unknown> | null => {
    const ps = find(kind, id);
    const ctx: Ctx = { ps, now: Date.now(), pendingMs, query: new URLSearchParams(), body: patch === undefined ? undefined : { [kind]: patch }, params: [id], outside: true };
    const reply = handler(ctx);
    changed();
    const rec = reply.body?.[kind];
    return isObj(rec) ? rec : null;
  };
  const patchOf = (patch: unknown): Record<string, unknown> => {
    if (!isObj(patch)) throw new ApiError(400, 'ELB.8902', 'The outside change must be a JSON object of fields (without the listener/pool wrapper).');
    return patch;
  };
  return {
    updateListener(id, patchIn) {
      const patch = { ...patchOf(patchIn) };
      const ps = find('listener', id);
      if ('tags' in patch) {
        const tags = readTags(patch, 'listener') ?? [];
        delete patch.tags;
        const l = ps.listeners.get(id);
        if (l) l.tags = tags;
        if (Object.keys(patch).length === 0 && l) {
          changed();
          return renderListener(ps, l);
        }
      }
      return run('listener', id, updateListener, patch) ?? {};
    },
    deleteListener(id) {
      const ps = find('listener', id);
      const l = ps.listeners.get(id);
      if (l?.default_pool_id) ps.setListenerPool(l, null);
      run('listener', id, deleteListener);
    },
    updatePool(id, patchIn) {
      return run('pool', id, updatePool, patchOf(patchIn)) ?? {};
    },
    deletePool(id) {
      run('pool', id, deletePoolCascade);
    },
  };
}
