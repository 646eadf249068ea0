import { startAppProcess, TEST_EVENTS_TOKEN, type AppProcess } from '../support/appProcess';
import { get, postJson } from '../support/http';

/**
 * POST /lab/chaos-events draws on every learner's lab page: only the chaos program may use it (the
 * LAB_EVENTS_TOKEN of .env), with bounded events at a bounded rate.
 */
let app: AppProcess;
beforeAll(async () => {
  app = await startAppProcess(); // with LAB_EVENTS_TOKEN=TEST_EVENTS_TOKEN
});
afterAll(() => app.stop());

const event = (message: string) => ({ type: 'db-stop', message });
const post = (body: unknown, token?: string) =>
  postJson(`${app.url}/lab/chaos-events`, body, token === undefined ? {} : { authorization: `Bearer ${token}` });
const shownMessages = async () =>
  ((await get(`${app.url}/lab/status`)).json().events as { message: string }[]).map((e) => e.message);

describe('POST /lab/chaos-events', () => {
  it.each([
    ['without a token', undefined],
    ['with a wrong token', 'not-the-lab-events-token'],
    ['with the token as a prefix', `${TEST_EVENTS_TOKEN}x`],
  ])('refuses a post %s: 401 in JSON, and nothing is shown', async (_how, token) => {
    const message = `fake ${Math.random()}`;
    const res = await post(event(message), token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.json()).toEqual({ error: 'unauthorized', detail: expect.stringMatching(/LAB_EVENTS_TOKEN/) });
    expect(await shownMessages()).not.toContain(message);
  });

  it("accepts the chaos program's token, and the page shows the event", async () => {
    const res = await post(event('the database was stopped (test)'), TEST_EVENTS_TOKEN);
    expect(res.status).toBe(201);
    expect(await shownMessages()).toContain('the database was stopped (test)');
  });

  it('bounds the size of an event', async () => {
    expect((await post(event('x'.repeat(501)), TEST_EVENTS_TOKEN)).json().detail).toMatch(/1 to 500 characters/);
    expect((await post({ ...event('x'), padding: 'y'.repeat(5000) }, TEST_EVENTS_TOKEN)).status).toBe(413);
  });

  it('bounds the rate: a flood gets 429 in JSON, and most of it never reaches the page', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post(event(`flood ${i}`), TEST_EVENTS_TOKEN)),
    );
    const seconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((a) => a.status === 201).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(accepted + limited.length).toBe(300);
    expect(accepted).toBeLessThanOrEqual(40 + Math.ceil(20 * seconds)); // a burst of 40, then 20 a second
    expect(limited[0].json()).toEqual({
      error: 'too-many-requests',
      detail: expect.stringMatching(/20 chaos events a second/),
    });
    expect(limited[0].headers.get('retry-after')).toBe('1');
  });
});

describe('an app without LAB_EVENTS_TOKEN', () => {
  it('accepts no chaos events at all, and says why', async () => {
    const bare = await startAppProcess({ LAB_EVENTS_TOKEN: '' });
    try {
      const res = await postJson(`${bare.url}/lab/chaos-events`, event('x'), { authorization: 'Bearer ' });
      expect(res.status).toBe(401);
      expect(res.json().detail).toMatch(/no LAB_EVENTS_TOKEN/);
    } finally {
      await bare.stop();
    }
  });
});
