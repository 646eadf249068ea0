import { createHash } from 'node:crypto';
import { htmlPage } from './render';
import { CONTENT_SECURITY_POLICY } from './securityHeaders';

describe('the Content-Security-Policy', () => {
  it('allows the one inline style of the HTML pages, by its hash, and no inline script', () => {
    const [, style] = /<style>([\s\S]*?)<\/style>/.exec(htmlPage('Everybody', '<p>x</p>'))!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});
