/**
 * The preload, bundled to one CJS file (out/preload/preload.cjs) because a sandboxed preload cannot load ESM or
 * other files. It exposes exactly one frozen object, `window.api`, generated from the IPC contract, and fails
 * closed if the page is not context-isolated.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENT_NAMES } from '../shared/ipc/contract';
import { assertContextIsolated, buildPreloadApi } from './app/preload-api';
import { SHELL_EVENT_NAMES } from './app/shell-events';

assertContextIsolated(process.contextIsolated);
const events = [...new Set<string>([...EVENT_NAMES, ...SHELL_EVENT_NAMES])];
contextBridge.exposeInMainWorld('api', buildPreloadApi(ipcRenderer, CHANNELS, events));
