import { composedSection } from './composedComparison';
import { sampleRows, sampleSectionRows } from './fixtures/sampleRun';
import { tableCells } from './fixtures/tableCells';

describe('composedSection', () => {
  const rows = [...sampleRows, ...sampleSectionRows];

  it('sets each composed row beside its host row, with the sockets it left in TIME_WAIT towards the database', () => {
    expect(tableCells(composedSection(rows, 'http://localhost:8080'), /^(HTTP|naive|per-request|pool)/)).toEqual([
      ['HTTP ceiling: GET /livez', '10,000', '6,000', '0.60', '0'],
      ['pool', '7,800', '5,100', '0.65', '9'],
      ['pool, kill-idle chaos', '7,700', '4,700', '0.61', '—'],
      ['naive', '7,600', '5,000', '0.66', '1'],
      ['naive, kill-idle chaos', '0', '0', '—', '1'],
      ['per-request', '1,000', '900', '0.90', '17,239'],
      ['per-request, kill-idle chaos', '950', '520', '0.55', '26,100'],
    ]);
  });

  it('names the most TIME_WAIT sockets a phase left, against the container port range', () => {
    expect(composedSection(rows, undefined).join('\n')).toContain(
      'The most: 26,100 of the 28,232 ephemeral ports (32768–60999) it connects from, after\nper-request with kill-idle chaos.',
    );
  });

  it('has no TIME_WAIT note when no phase counted them', () => {
    const uncounted = rows.map((row) => (row.kind === 'composed' ? { ...row, ports: null } : row));
    expect(composedSection(uncounted, undefined).join('\n')).not.toContain('TIME_WAIT to the database**');
  });
});
