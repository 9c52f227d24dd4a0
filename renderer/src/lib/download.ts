/** Saving a file the host produced (a draft, fleet plan or results export) through a Blob link. */

/** A file name safe on every OS (keeps the extension main chose). */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 180) : 'draft-export.txt';
}

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
