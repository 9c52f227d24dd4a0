/**
 * Events the shell itself pushes to the renderer (not emitted by the core). They travel on the same `event`
 * IPC channel as the core's events. `menu:command` should also be declared in shared/ipc/contract.ts `events`
 * (`z.object({ command: z.enum(MENU_COMMANDS) })`); the preload merges both lists without duplicates.
 */
import type { MenuCommand } from './menu';

/** Event names the shell emits. */
export const SHELL_EVENT_NAMES = ['menu:command'] as const;

/** Payload of `menu:command`. */
export interface MenuCommandPayload {
  command: MenuCommand;
}
