/** Saves a file the host produced (results export) through a Blob link, as the Drafts export does. */
import { safeFileName } from '../../drafts/drafts-model';

/** Downloads `content` as `filename`; returns the file name used. */
export function downloadFile(filename: string, mime: string, content: string): string {
  const name = safeFileName(filename);
  const url = URL.createObjectURL(new Blob([content], { type: mime || 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
