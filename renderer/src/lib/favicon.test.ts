import { describe, expect, it } from 'vitest';
import { addFavicon, FAVICON_HREF } from './favicon';

/** A head that records appended elements and answers the icon query from them. */
function fakeDocument() {
  const appended: Array<{ rel: string; href: string }> = [];
  const doc = {
    head: {
      querySelector: (sel: string) => (sel === 'link[rel="icon"]' ? (appended.find((l) => l.rel === 'icon') ?? null) : null),
      append: (el: { rel: string; href: string }) => appended.push(el),
    },
    createElement: () => ({ rel: '', href: '' }),
  };
  return { doc: doc as unknown as Document, appended };
}

describe('the tab icon', () => {
  it('is added once where the page has no icon link', () => {
    const { doc, appended } = fakeDocument();
    addFavicon(doc);
    addFavicon(doc);
    expect(appended).toEqual([{ rel: 'icon', href: FAVICON_HREF }]);
    expect(FAVICON_HREF.startsWith('data:image/svg+xml,')).toBe(true);
  });

  it('replaces the empty icon of the page as built (build/first-screen.test.ts)', () => {
    const { doc, appended } = fakeDocument();
    const empty = { rel: 'icon', href: 'data:,' };
    appended.push(empty);
    addFavicon(doc);
    expect(appended).toEqual([{ rel: 'icon', href: FAVICON_HREF }]);
  });
});
