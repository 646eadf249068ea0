import { createHash } from 'node:crypto';
import { htmlPage } from './render';
import { contentSecurityPolicy, inlineScriptsOf } from './securityHeaders';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the Content-Security-Policy', () => {
  it('allows the one inline style of the HTML pages, by its hash, and no inline script it was not given', () => {
    const [, style] = /<style>([\s\S]*?)<\/style>/.exec(htmlPage('Everybody', '<p>x</p>'))!;
    const policy = contentSecurityPolicy([]);
    expect(policy).toContain(`style-src 'self' ${hashOf(style)}`);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain('unsafe-inline');
  });

  it("allows the page's own inline scripts by their hashes, and nothing else inline", () => {
    const importMap = '{ "imports": { "uplot": "/vendor/uPlot.esm.js" } }';
    const html = `<script type="importmap">${importMap}</script>\n<script type="module" src="/lab.js"></script>`;
    expect(inlineScriptsOf(html)).toEqual([importMap]);
    expect(contentSecurityPolicy(inlineScriptsOf(html))).toContain(`script-src 'self' ${hashOf(importMap)};`);
  });
});
