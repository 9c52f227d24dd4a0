/**
 * The start's milestones as performance marks (user timing), so a tool can say where a cold start's time goes in every
 * run without a trace: `npm run bench` reports their medians beside the first row (bench/measures/start.ts). The host's
 * first paint was put in the page (browser mode, first-paint/request.ts); the entry script ran; the first screen's code
 * and its data were in (the mount starts); the first screen was mounted (the app is live). A mark costs next to
 * nothing, and nothing in the app reads them.
 */
export const START_MARKS = {
  firstPaint: 'elb-desk:first-paint',
  entry: 'elb-desk:entry',
  ready: 'elb-desk:first-screen-ready',
  mounted: 'elb-desk:mounted',
} as const;

export type StartMark = keyof typeof START_MARKS;

/** Sets one start mark (never throws: a page without the User Timing API just has none). */
export function markStart(which: StartMark): void {
  try {
    performance.mark(START_MARKS[which]);
  } catch {
    /* no marks here */
  }
}
