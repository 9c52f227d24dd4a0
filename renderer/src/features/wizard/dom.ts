/**
 * The few DOM operations the wizard needs: focusing a field by id (opening a closed "More (Optional)"
 * disclosure around it first) and asking whether an id is on the page.
 */
import { resolveFocusTarget } from './field-paths';

/** True when an element with this id is in the document. */
export function elementExists(id: string): boolean {
  return document.getElementById(id) !== null;
}

/** Focuses the element with `id`, opening any closed <details> around it. Returns false when it is absent. */
export function focusById(id: string): boolean {
  const el = document.getElementById(id);
  if (!el) return false;
  let d = el.closest('details');
  while (d) {
    d.open = true;
    d = d.parentElement?.closest('details') ?? null;
  }
  el.focus();
  return true;
}

/** Focuses the control that edits `path` (or its nearest fallback). */
export function focusPath(path: string): void {
  focusById(resolveFocusTarget(path, elementExists));
}
