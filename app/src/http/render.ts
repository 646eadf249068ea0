import type { Context } from 'koa';

const escapeHtml = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function table(rows: object[]): string {
  if (rows.length === 0) return '<p>No rows.</p>';
  const columns = Object.keys(rows[0]) as (keyof object)[];
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((c) => `<td>${escapeHtml(row[c])}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The HTML pages' only style, inline: the Content-Security-Policy allows exactly it, by its hash. */
export const PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse}
th,td{border:1px solid #888;padding:.3rem .8rem;text-align:left}a{color:#0645ad}`;

export function htmlPage(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${content}<p><a href="/">Back to the lab</a></p></body></html>`;
}

/**
 * JSON by default (curl, fetch, tests); a small readable HTML table for a browser
 * that asks for text/html.
 */
export function respond(ctx: Context, title: string, data: object | object[]): void {
  if (ctx.accepts('json', 'html') === 'html') {
    ctx.type = 'html';
    ctx.body = htmlPage(title, table([data].flat())); // one row, or many
  } else {
    ctx.body = data;
  }
  ctx.vary('Accept');
}
