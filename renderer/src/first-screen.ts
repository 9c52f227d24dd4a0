/**
 * The first screen's code in one module (one dynamic import of the entry, one chunk): Svelte's `mount` and `hydrate`
 * (over the host's first paint, browser mode) and the app shell with everything it imports statically.
 */
export { hydrate, mount } from 'svelte';
export { default as App } from './App.svelte';
