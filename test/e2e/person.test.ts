import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Connection } from 'mariadb';
import { appUserConnection } from '../support/dbAdmin';
import { lab } from '../support/labEnv';
import { get, postJson } from '../support/http';
import { countPeople } from '../support/people';
import { uniqueSurname } from '../../lib/load/keyedWriters';

const url = (path: string) => `${lab.appUrl}${path}`;

describe('the tutorial routes on the running lab', () => {
  it('/person/first answers the seeded first person, as JSON by default', async () => {
    const res = await get(url('/person/first'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.json()).toEqual({ id: 1, firstname: 'John', surname: 'Bob' });
  });

  it('/person/all starts with the three seeded people, in order', async () => {
    const people = (await get(url('/person/all'))).json();
    expect(people.slice(0, 3)).toEqual([
      { id: 1, firstname: 'John', surname: 'Bob' },
      { id: 2, firstname: 'Jane', surname: 'Bob' },
      { id: 3, firstname: 'Michael', surname: 'Clark' },
    ]);
  });

  it('/person/:id answers one person', async () => {
    expect((await get(url('/person/3'))).json()).toEqual({ id: 3, firstname: 'Michael', surname: 'Clark' });
  });

  it('a browser asking for text/html gets a small readable page', async () => {
    const res = await get(url('/person/first'), { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toMatch(/<td>John<\/td><td>Bob<\/td>/);
  });

  it('the index links to the tutorial routes', async () => {
    const res = await get(url('/'), { accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/person/first"');
    expect(res.text).toContain('href="/person/all"');
  });

  it('says which strategy answered', async () => {
    expect((await get(url('/person/first'))).headers.get('x-db-strategy')).toMatch(/^(naive|per-request|pool)$/);
  });
});

describe('bad requests get a JSON error that names what is wrong', () => {
  it.each([
    ['/person/abc', 400, 'bad-request', /"abc"/],
    ['/person/0', 400, 'bad-request', /from 1 to/],
    ['/person/99999999999', 400, 'bad-request', /99999999999/],
    ['/person/2147483000', 404, 'not-found', /no person with id 2147483000/],
    ['/no/such/route', 404, 'not-found', /No route for GET \/no\/such\/route/],
  ])('GET %s → %i', async (path, status, error, detail) => {
    const res = await get(url(path));
    expect(res.status).toBe(status);
    const body = res.json();
    expect(body).toEqual({ error, detail: expect.stringMatching(detail) });
    expect(res.text).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('POST /person names the bad field', async () => {
    const res = await postJson(url('/person'), { firstname: 'Ada' });
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/"surname" is required/);
  });

  it('POST /person rejects unknown fields', async () => {
    const res = await postJson(url('/person'), { firstname: 'Ada', surname: 'Lovelace', id: 7 });
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/Unknown field "id"/);
  });

  it('POST /person refuses a body past the limit with 413', async () => {
    const res = await postJson(url('/person'), { firstname: 'A'.repeat(10_000), surname: 'B' });
    expect(res.status).toBe(413);
    expect(res.json().error).toBe('payload-too-large');
  });

  it('POST /person wants JSON', async () => {
    const res = await fetch(url('/person'), {
      method: 'POST',
      body: 'firstname=Ada',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  it('a malformed JSON body is a 400, not a 500', async () => {
    const res = await postJson(url('/person'), '{"firstname": "Ada",');
    expect(res.status).toBe(400);
    expect(res.json().detail).toMatch(/not valid JSON/);
  });
});

describe('POST /person answers exactly what a later GET returns', () => {
  it.each([
    ['accents and other scripts', { firstname: 'Zoë', surname: 'Łukasiewicz-张伟' }],
    ['emoji (a surrogate pair)', { firstname: 'Ada 😀', surname: 'Lovelace' }],
  ])('%s: stored as sent', async (_what, names) => {
    const created = await postJson(url('/person'), names);
    expect(created.status).toBe(201);
    const person = created.json();
    expect(person).toEqual({ id: expect.any(Number), ...names });
    expect((await get(url(`/person/${person.id}`))).json()).toEqual(person);
  });

  it.each([
    ['a lone surrogate', '{"firstname":"\\ud800","surname":"x"}', 'firstname', /not valid Unicode text/],
    ['NUL', '{"firstname":"Ada","surname":"x\\u0000y"}', 'surname', /control characters \(U\+0000\)/],
    [
      'a terminal escape',
      '{"firstname":"\\u001b[31mAda","surname":"x"}',
      'firstname',
      /control characters \(U\+001B\)/,
    ],
    ['a C1 control', '{"firstname":"Ada","surname":"x\\u009bz"}', 'surname', /control characters \(U\+009B\)/],
    ['only a zero-width space', '{"firstname":"\\u200b","surname":"x"}', 'firstname', /a visible character/],
    [
      'a right-to-left override',
      '{"firstname":"Ada","surname":"abc\\u202eexe.txt"}',
      'surname',
      /bidirectional controls \(U\+202E\)/,
    ],
  ])('%s is refused with 400 naming the field', async (_what, body, field, detail) => {
    const res = await postJson(url('/person'), body);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: 'bad-request', detail: expect.stringMatching(new RegExp(`^"${field}" `)) });
    expect(res.json().detail).toMatch(detail);
  });
});

describe('every answer of the API is JSON, also for a method it does not serve', () => {
  const send = async (method: string, path: string) => {
    const res = await fetch(url(path), { method, signal: AbortSignal.timeout(5000) });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      allow: res.headers.get('allow'),
      body: await res.text(),
    };
  };

  it.each([
    ['DELETE', '/person/1', 'HEAD, GET'],
    ['POST', '/person/first', 'HEAD, GET'],
    ['PUT', '/lab/chaos-events', 'POST'],
  ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const res = await send(method, path);
    expect(res).toEqual({
      status: 405,
      type: expect.stringMatching(/^application\/json/),
      allow,
      body: expect.any(String),
    });
    expect(JSON.parse(res.body)).toEqual({
      error: 'method-not-allowed',
      detail: `${method} is not allowed on ${path}: use ${allow}.`,
    });
  });

  it('a method the app does not know at all → 501', async () => {
    const res = await send('PROPFIND', '/');
    expect(res.status).toBe(501);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      error: 'not-implemented',
      detail: 'The method PROPFIND is not implemented by this app.',
    });
  });
});

/** One request as raw bytes on a connection of its own; resolves with the whole answer once the app closes it. */
function rawRequest(request: string): Promise<string> {
  const { hostname, port } = new URL(lab.appUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.end(request);
  });
}

describe('small HTTP gaps: every refusal is JSON that names what is wrong', () => {
  it('an HTTP/1.1 request without a Host header → 400 JSON, not an empty answer from Node', async () => {
    const answer = await rawRequest('GET /person/first HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'bad-request',
      detail: 'The request has no Host header: HTTP/1.1 requires one.',
    });
    // HTTP/1.0 has no Host header to require.
    expect(await rawRequest('GET /livez HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  describe('a body the app could only misread is refused, never stored with U+FFFD', () => {
    let db: Connection;
    beforeAll(async () => {
      db = await appUserConnection();
    });
    afterAll(() => db.end());

    const post = (body: Uint8Array | string, headers: Record<string, string>) =>
      fetch(`${lab.appUrl}/person`, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });

    it('bytes that are not UTF-8 → 400 naming the field', async () => {
      const surname = uniqueSurname('latin1-bytes');
      const body = Buffer.concat([
        Buffer.from('{"firstname":"Ren'),
        Buffer.from([0xe9]), // é in Latin-1
        Buffer.from(`","surname":"${surname}"}`),
      ]);
      const res = await post(body, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        error: 'bad-request',
        detail: '"firstname" is not valid UTF-8 text (byte 17 of the body): send JSON as UTF-8.',
      });
      expect(await countPeople(db, surname)).toBe(0);
    });

    it('charset=latin1 → 415 naming the charset', async () => {
      const surname = uniqueSurname('latin1-charset');
      const res = await post(JSON.stringify({ firstname: 'Rene', surname }), {
        'content-type': 'application/json; charset=latin1',
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: 'unsupported-media-type',
        detail: 'charset=latin1 is not accepted: JSON is UTF-8, so send charset=utf-8 or no charset.',
      });
      expect(await countPeople(db, surname)).toBe(0);
    });

    it('charset=utf-8 is what JSON is anyway: accepted', async () => {
      const res = await post(JSON.stringify({ firstname: 'Zoë', surname: uniqueSurname('utf8') }), {
        'content-type': 'application/json; charset=UTF-8',
      });
      expect(res.status).toBe(201);
    });

    it('Content-Encoding: gzip → 415 naming it, with Accept-Encoding: identity', async () => {
      const surname = uniqueSurname('gzip');
      const res = await post(gzipSync(JSON.stringify({ firstname: 'Ada', surname })), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('accept-encoding')).toBe('identity');
      expect(await res.json()).toEqual({
        error: 'unsupported-media-type',
        detail: 'Content-Encoding: gzip is not accepted: send the body uncompressed.',
      });
      expect(await countPeople(db, surname)).toBe(0);
    });
  });
});
