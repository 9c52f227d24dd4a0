/** String catalogues as plain data, and walking them. No DOM, no i18next: build-time tests read them too. */

/** A nested string table: the shape every resource file of one namespace shares. */
export interface Messages {
  [key: string]: string | Messages;
}

/** Every leaf key of a nested table, dotted (`a.b.c`), sorted — used to check that languages agree. */
export function leafKeys(messages: Messages, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.push(key);
    else out.push(...leafKeys(v, key));
  }
  return out.sort();
}

/** The string or subtree at a dotted key of a catalogue (undefined when there is none). */
export function messageAt(messages: Messages, key: string): string | Messages | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return node;
}
