/**
 * The current time for a countdown: `ms` ticks once a second while `active()` is true (a step waits for an earlier
 * request's deadline), and stands still otherwise. Create it while a component initialises (it owns an effect).
 */
export function tickingNow(active: () => boolean): { readonly ms: number } {
  let ms = $state(Date.now());
  $effect(() => {
    if (!active()) return;
    ms = Date.now();
    const timer = setInterval(() => (ms = Date.now()), 1000);
    return () => clearInterval(timer);
  });
  return {
    get ms() {
      return ms;
    },
  };
}
