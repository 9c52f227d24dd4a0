/**
 * The one handler helper of the sandbox's api-*.ts: what every resource kind's handlers share — find by ID or
 * 404 ELB.8904, list with filters and pagination, show, reply in the `{<kind>: …}` wrapper, and a change guarded
 * by the load balancer's busy window (409 while PENDING_UPDATE; then PENDING_UPDATE again and `updated_at` bumped).
 */
import { assertNotBusy, type Ctx, type Handler, param, type Reply, touchLb } from './api-common';
import { notFound } from './errors';
import { type FilterSpec, paginate } from './list';
import { apiTime } from './render';
import type { ProjectState } from './state';

/** What a resource kind is. */
export interface ResourceSpec<T extends { id: string }> {
  /** Singular body key, e.g. 'listener'. */
  one: string;
  /** Plural body key, e.g. 'listeners'. */
  many: string;
  /** Name in messages, e.g. 'Listener' ("Listener <id> could not be found."). */
  label: string;
  /** Noun in list-marker messages (default: `label` in lower case). */
  noun?: string;
  /** The records of a project, in creation order. */
  records: (ps: ProjectState) => Map<string, T>;
  render: (ctx: Ctx, rec: T) => Record<string, unknown>;
  filters: FilterSpec<T> | ((ctx: Ctx) => FilterSpec<T>);
  /** The load balancer whose busy window guards changes of a record (null = none). */
  lbOf: (ctx: Ctx, rec: T) => string | null;
}

/** The shared handlers and helpers of one resource kind. */
export interface Resource<T extends { id: string }> {
  readonly spec: ResourceSpec<T>;
  /** The record with this ID (default: the first route parameter), or 404 ELB.8904. */
  get(ctx: Ctx, id?: string): T;
  /** GET /<many>: filters + pagination over all records. */
  list: Handler;
  /** GET /<many>/{id} */
  show: Handler;
  /** A list reply over some records (e.g. one pool's members). */
  page(ctx: Ctx, source: Map<string, T> | T[]): Reply;
  /** `{ <one>: render(rec) }` with a status (200 by default). */
  reply(ctx: Ctx, rec: T, status?: number): Reply;
  /**
   * Applies a change to `rec` unless its LB is busy: `apply()` runs after the busy check, then `updated_at` moves
   * forward (never equal to the previous value, so every PUT shows) and the LB becomes PENDING_UPDATE.
   */
  change(ctx: Ctx, rec: T & { updated_at: string }, apply: () => void): Reply;
  /** Removes `rec` unless its LB is busy: `apply()` deletes it, then the LB becomes PENDING_UPDATE; 204. */
  remove(ctx: Ctx, rec: T, apply: () => void): Reply;
}

/** A new `updated_at`: now, or one second after the previous value if that is not earlier (API times have seconds only). */
export function nextUpdatedAt(previous: string, now: number): string {
  const prev = Date.parse(previous);
  return apiTime(Number.isFinite(prev) && prev >= now - (now % 1000) ? prev + 1000 : now);
}

/** Builds the handlers of one resource kind. */
export function resource<T extends { id: string }>(spec: ResourceSpec<T>): Resource<T> {
  const filters = (ctx: Ctx): FilterSpec<T> => (typeof spec.filters === 'function' ? spec.filters(ctx) : spec.filters);
  const self: Resource<T> = {
    spec,
    get(ctx, id = param(ctx, 0)) {
      const rec = spec.records(ctx.ps).get(id);
      if (!rec) throw notFound(spec.label, id);
      return rec;
    },
    page(ctx, source) {
      const { items, page_info } = paginate(source, ctx.query, filters(ctx), spec.noun ?? spec.label.toLowerCase());
      return { status: 200, body: { [spec.many]: items.map((r) => spec.render(ctx, r)), page_info } };
    },
    list: (ctx) => self.page(ctx, spec.records(ctx.ps)),
    show: (ctx) => self.reply(ctx, self.get(ctx)),
    reply: (ctx, rec, status = 200) => ({ status, body: { [spec.one]: spec.render(ctx, rec) } }),
    change(ctx, rec, apply) {
      const lbId = spec.lbOf(ctx, rec);
      assertNotBusy(ctx, lbId);
      apply();
      rec.updated_at = nextUpdatedAt(rec.updated_at, ctx.now);
      touchLb(ctx, lbId);
      return self.reply(ctx, rec);
    },
    remove(ctx, rec, apply) {
      const lbId = spec.lbOf(ctx, rec);
      assertNotBusy(ctx, lbId);
      apply();
      touchLb(ctx, lbId);
      return { status: 204 };
    },
  };
  return self;
}
