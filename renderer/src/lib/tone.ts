/** The look of a status; each tone has its own icon shape, so colour is never the only signal. */
export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'busy' | 'neutral';
