import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DockerEngine,
  DockerEngineError,
  composeServiceLabels,
  demultiplexLogs,
  labelFilterQuery,
} from './dockerEngine';

describe('labelFilterQuery', () => {
  it('encodes compose labels the way GET /containers/json expects', () => {
    const query = labelFilterQuery(composeServiceLabels('simplerr-lab', 'db'));
    expect(query.startsWith('all=true&filters=')).toBe(true);
    const filters = JSON.parse(decodeURIComponent(query.slice('all=true&filters='.length)));
    expect(filters).toEqual({ label: ['com.docker.compose.project=simplerr-lab', 'com.docker.compose.service=db'] });
  });
});

describe('DockerEngine over a unix socket', () => {
  let dir: string;
  let server: Server;
  let engine: DockerEngine;
  const seen: string[] = [];
  let answer: (req: IncomingMessage) => { status: number; body?: unknown } = () => ({ status: 204 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    const socketPath = join(dir, 'docker.sock');
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const { status, body } = answer(req);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    engine = new DockerEngine(socketPath);
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('lists containers by label, names without the slash, with their image', async () => {
    answer = () => ({
      status: 200,
      body: [{ Id: 'abc123', Names: ['/simplerr-lab-db-1'], State: 'running', Image: 'mysql:9.7' }],
    });
    const found = await engine.findContainers(composeServiceLabels('simplerr-lab', 'db'));
    expect(found).toEqual([{ id: 'abc123', name: 'simplerr-lab-db-1', state: 'running', image: 'mysql:9.7' }]);
    expect(seen[0]).toMatch(/^GET \/containers\/json\?all=true&filters=/);
  });

  it('stops, starts and restarts by id; 304 (already so) is fine', async () => {
    answer = (req) => ({ status: req.url?.includes('/start') ? 304 : 204 });
    await engine.stop('abc123', 10);
    await engine.start('abc123');
    await engine.restart('abc123', 5);
    expect(seen).toEqual([
      'POST /containers/abc123/stop?t=10',
      'POST /containers/abc123/start',
      'POST /containers/abc123/restart?t=5',
    ]);
  });

  it("reports the Engine's own message on a refusal", async () => {
    answer = () => ({ status: 404, body: { message: 'No such container: abc123' } });
    const failure = engine.start('abc123');
    await expect(failure).rejects.toBeInstanceOf(DockerEngineError);
    await expect(engine.start('abc123')).rejects.toThrow(
      'Docker Engine refused to start container abc123: HTTP 404 No such container: abc123',
    );
  });

  it('asks again when the cgroup freezer did not settle ("unable to freeze"), and only then', async () => {
    const unableToFreeze = {
      status: 500,
      body: { message: 'Cannot pause container abc123: OCI runtime pause failed: unable to freeze: unknown' },
    };
    let refusals = 2;
    answer = () => (refusals-- > 0 ? unableToFreeze : { status: 204 });
    await engine.pause('abc123');
    expect(seen).toEqual(Array(3).fill('POST /containers/abc123/pause'));

    seen.length = 0;
    answer = () => unableToFreeze;
    await expect(engine.pause('abc123')).rejects.toThrow(/HTTP 500 .*unable to freeze/);
    expect(seen).toHaveLength(5);

    seen.length = 0;
    answer = () => ({ status: 409, body: { message: 'Container abc123 is not running' } });
    await expect(engine.pause('abc123')).rejects.toThrow(/HTTP 409 Container abc123 is not running/);
    expect(seen).toHaveLength(1);
  });

  it('fails clearly when no engine listens on the socket', async () => {
    const missing = new DockerEngine(join(dir, 'nothing.sock'));
    await expect(missing.findContainers({})).rejects.toThrow(
      /cannot use the Docker Engine socket .*nothing.sock \(ENOENT\): is it mounted/,
    );
  });
});

describe('demultiplexLogs', () => {
  it('joins the framed chunks of stdout and stderr, whatever bytes their lengths are made of', () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    const long = 'x'.repeat(200); // a length byte above 127: must not be decoded as text
    expect(demultiplexLogs(Buffer.concat([frame(1, 'out\n'), frame(2, long), frame(1, 'é')]))).toBe(`out\n${long}é`);
  });
});
