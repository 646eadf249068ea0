import { countTimeWait, parsePortRange, portsIn } from './timeWait';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1145 1 0 100 0 0 10 0
   1: 0300A8C0:9C40 0200A8C0:0CEA 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0
   2: 0300A8C0:9C41 0200A8C0:0CEA 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0
   3: 0300A8C0:9C42 0200A8C0:0CEA 01 00000000:00000000 00:00000000 00000000  1000        0 77 1 0 20 4 30 10 -1
   4: 0300A8C0:1F90 0100A8C0:D431 06 00000000:00000000 03:00000F00 00000000     0        0 0 3 0
`;

describe('countTimeWait', () => {
  it('counts the sockets in TIME_WAIT (06) whose remote port is the one asked for (3306 is 0CEA)', () => {
    expect(countTimeWait(TABLE, 3306)).toBe(2);
    expect(countTimeWait(TABLE, 54321)).toBe(1); // 0xD431: a client's port, the app closed first
    expect(countTimeWait(TABLE, 8080)).toBe(0); // the listener and no TIME_WAIT towards :8080
    expect(countTimeWait('', 3306)).toBe(0);
  });
});

describe('parsePortRange', () => {
  it('reads net.ipv4.ip_local_port_range, and says what it could not read', () => {
    expect(parsePortRange('32768\t60999\n')).toEqual({ low: 32768, high: 60999 });
    expect(portsIn(parsePortRange('32768 60999'))).toBe(28_232);
    expect(() => parsePortRange('60999 32768')).toThrow(/not a port range: "60999 32768"/);
    expect(() => parsePortRange('')).toThrow(/not a port range/);
  });
});
