import { sampleRows, sampleSectionRows } from './fixtures/sampleRun';
import { tableCells } from './fixtures/tableCells';
import { connectionsAllow, waitingSection } from './waitingQueries';

describe('connectionsAllow', () => {
  it('is one answer per wait per connection, for no more connections than there are clients', () => {
    expect(connectionsAllow(1, 32, 1)).toBe(1000);
    expect(connectionsAllow(8, 32, 2)).toBe(4000);
    expect(connectionsAllow(50, 32, 1)).toBe(32_000); // per-request never has more statements than clients
  });
});

describe('waitingSection', () => {
  it('says nothing when the run did not measure waiting queries', () => {
    expect(waitingSection(sampleRows, 32)).toEqual([]);
  });

  it('gives each strategy its connections, what they allow, and its throughput against naive and without the wait', () => {
    expect(tableCells(waitingSection([...sampleRows, ...sampleSectionRows], 32), /^(naive|per-request|pool)$/)).toEqual(
      [
        ['naive', '1', '1,000', '900', '1.00', '0.12', '35', '140', '0'],
        ['per-request', '50', '32,000', '850', '0.94', '0.85', '37', '148', '0'],
        ['pool', '8', '8,000', '5,200', '5.78', '0.67', '6', '24', '0'],
      ],
    );
  });
});
