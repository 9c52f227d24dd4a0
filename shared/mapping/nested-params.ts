/**
 * The values of main's messages (app-messages.ts) that may be one of those messages themselves — an error quoted by
 * another — and are said in the window's language too. Its own module: the first screen's code reads it without the
 * table of messages.
 */
export const NESTED_PARAMS: ReadonlySet<string> = new Set(['reason', 'where', 'detail']);
