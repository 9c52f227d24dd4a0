/** Renderer entry: global styles, then the app shell. */
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('ELB Desk: #app element missing from index.html');

/** The mounted app (kept for hot reload and tests). */
export const app = mount(App, { target });
