import { HELD_CONNECTIONS, loweredLimit } from './maxConnections';

describe('loweredLimit', () => {
  it('leaves room for exactly the connections we will hold', () => {
    expect(loweredLimit(7, 151)).toBe(7 + HELD_CONNECTIONS);
    expect(loweredLimit(7, 151, 2)).toBe(9);
  });

  it('never raises the limit', () => {
    expect(loweredLimit(149, 151)).toBe(151);
    expect(loweredLimit(200, 151)).toBe(151);
  });
});
