import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { endpointTarget, moveEndpoint, parseEndpointAddress, parseServerStats } from './endpoint';

// The head of HAProxy 3.0's `show stat` for db-endpoint/haproxy.cfg, after a move to db2 (columns cut short).
const STAT = `# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight
primary,FRONTEND,,,5,9,262120,40,0,0,0,0,0,,,,,OPEN,
primary,db,0,0,3,8,,30,0,0,,0,,0,0,0,0,MAINT,1
primary,db2,0,0,2,2,,10,0,0,,0,,0,0,0,0,no check,1
primary,BACKEND,0,0,5,9,26212,40,0,0,0,0,,0,0,0,0,UP,1
`;

describe('the endpoint', () => {
  it("reads each server's state and open connections", () => {
    const servers = parseServerStats(STAT);
    expect(servers).toEqual([
      { name: 'db', enabled: false, connections: 3 },
      { name: 'db2', enabled: true, connections: 2 },
    ]);
    expect(endpointTarget(servers)).toBe('db2');
    expect(endpointTarget(servers.map((server) => ({ ...server, enabled: true })))).toBeUndefined();
  });

  it('takes host:port and nothing else', () => {
    expect(parseEndpointAddress('db-primary:9999')).toEqual({ host: 'db-primary', port: 9999 });
    expect(parseEndpointAddress('db-primary')).toBeUndefined();
    expect(parseEndpointAddress('db-primary:99999')).toBeUndefined();
  });
});

it('moves the endpoint with the new server in service before the old one leaves: never a moment without a server', async () => {
  let received = '';
  const api = createServer((socket) => {
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  try {
    await moveEndpoint({ host: '127.0.0.1', port: (api.address() as AddressInfo).port }, 'db2', ['db', 'db2']);
  } finally {
    api.close();
  }
  expect(received).toBe('set server primary/db2 state ready; set server primary/db state maint\n');
});
