import { describe, expect, it } from 'vitest';
import { moveInlineStyles, STYLE_ATTR } from './inline-styles';

describe('moveInlineStyles (a first paint under a CSP without unsafe-inline styles)', () => {
  it('renames the style attribute of every element, and keeps the others', () => {
    const html = '<!--[--><div style="height:45px;" class="a"><tr aria-rowindex="2" style="top:0px;">x</tr><br/></div><!--]-->';
    expect(moveInlineStyles(html)).toBe(
      `<!--[--><div ${STYLE_ATTR}="height:45px;" class="a"><tr aria-rowindex="2" ${STYLE_ATTR}="top:0px;">x</tr><br/></div><!--]-->`,
    );
  });

  it('leaves texts and other attributes that look like a style as they are (as Svelte escapes them)', () => {
    // Svelte's server output: a text never holds a raw "<", an attribute value never a raw '"'.
    const text = 'a style="color:red" &lt;b style="x"&gt;';
    const html = `<p title="name style=&quot;color:red&quot; >">${text}</p><td data-style="x" style="top:1px">y</td>`;
    expect(moveInlineStyles(html)).toBe(`<p title="name style=&quot;color:red&quot; >">${text}</p><td data-style="x" ${STYLE_ATTR}="top:1px">y</td>`);
  });

  it('changes nothing without styles', () => {
    const html = '<table aria-rowcount="3"><tbody><tr><td>1</td></tr></tbody></table>';
    expect(moveInlineStyles(html)).toBe(html);
  });
});
