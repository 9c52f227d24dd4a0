/**
 * Telling a fleet plan file from a draft file on the Drafts page's import, without zod (main validates the file):
 * a JSON object whose `format` is the fleet plan envelope's (shared/fleet/export.ts `FLEET_FILE_FORMAT`).
 */

/** The fleet plan file's `format` (equal to `FLEET_FILE_FORMAT`; a test keeps them equal). */
export const FLEET_FILE_FORMAT_NAME = 'elb-desk-fleet-plan';

/** True when `text` is a JSON object in the fleet plan envelope (whatever else it holds). */
export function isFleetPlanFile(text: string): boolean {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Cheap first: a draft file never mentions the fleet format.
  if (!s.includes(FLEET_FILE_FORMAT_NAME)) return false;
  try {
    const data: unknown = JSON.parse(s);
    return data !== null && typeof data === 'object' && !Array.isArray(data) && (data as { format?: unknown }).format === FLEET_FILE_FORMAT_NAME;
  } catch {
    return false;
  }
}
