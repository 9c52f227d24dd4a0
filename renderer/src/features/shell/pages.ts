/**
 * Pages that are not part of a first listing (server groups, IP groups, drafts, accounts, the wizard, the IP group
 * workbench, fleet plans), each in a chunk of its own that is loaded on the first visit, or ahead in idle time after
 * the first screen (`preloadPages`). The first screen then pays only for the shell and the load balancer and listener
 * listings. New pages belong here too: `lazyPage(() => import('…Page.svelte'))`,
 * shown with `<LazyPage page={…} props={…} />`.
 */
import type { Component } from 'svelte';

/** A page component's module. */
export interface PageModule<P extends object> {
  default: Component<P>;
}

/** One page's code: imported once; once loaded, `loaded` has it (so a visit renders at once). */
export class LazyPageRef<P extends object> {
  /** The module, once it has loaded. */
  loaded: PageModule<P> | null = null;
  #loading: Promise<PageModule<P>> | null = null;

  constructor(private readonly importer: () => Promise<PageModule<P>>) {}

  /** Imports the page (once); a failed import is tried again on the next call. */
  load(): Promise<PageModule<P>> {
    this.#loading ??= this.importer().then(
      (mod) => (this.loaded = mod),
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }
}

/** A page loaded on first use. */
export function lazyPage<P extends object>(importer: () => Promise<PageModule<P>>): LazyPageRef<P> {
  return new LazyPageRef(importer);
}

/**
 * The listing pages that are no first screen (the app opens on load balancers, or a link on listeners): loaded in idle
 * time after the first screen, or on a first visit.
 */
export const serverGroupsPage = lazyPage(() => import('../listing/ServerGroupsPage.svelte'));
export const ipGroupsPage = lazyPage(() => import('../listing/IpGroupsPage.svelte'));
export const draftsPage = lazyPage(() => import('../drafts/DraftsPage.svelte'));
export const accountsPage = lazyPage(() => import('../accounts/AccountsPage.svelte'));
export const wizardPage = lazyPage(() => import('../wizard/WizardPage.svelte'));
export const workbenchPage = lazyPage(() => import('../workbench/WorkbenchPage.svelte'));
/** A fleet plan (issue 12): template, target matrix, summary. */
export const fleetPlanPage = lazyPage(() => import('../fleet/plan/FleetPlanPage.svelte'));
/** A fleet plan's confirm / apply / results page (`#/fleet/ID/apply`). */
export const fleetApplyPage = lazyPage(() => import('../fleet/run/FleetApplyPage.svelte'));

/**
 * Loads the small pages a user goes to next (the other listings, drafts, accounts) ahead of time; the wizard (the
 * largest chunk) waits for its first use. Failures are left for the visit to show.
 */
export function preloadPages(): void {
  for (const page of [serverGroupsPage, ipGroupsPage, draftsPage, accountsPage]) page.load().catch(() => undefined);
}
