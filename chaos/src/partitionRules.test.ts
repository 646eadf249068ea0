import { cutScript, healScript, partitionRules } from './partitionRules';

describe('the partition rules', () => {
  it('drop the server port both ways, except on loopback', () => {
    expect(partitionRules(3306)).toEqual([
      expect.stringMatching(/^INPUT -p tcp --dport 3306 ! -i lo .* -j DROP$/),
      expect.stringMatching(/^OUTPUT -p tcp --sport 3306 ! -o lo .* -j DROP$/),
    ]);
  });

  it('heal by deleting every copy, and fail if one is left', () => {
    const script = healScript(3306);
    for (const rule of partitionRules(3306))
      expect(script).toContain(`while iptables -D ${rule} 2>/dev/null; do :; done`);
    expect(script).toMatch(/exit 1/);
  });

  it('cut after healing, so two cuts never stack', () => {
    const script = cutScript(3306);
    expect(script.startsWith(healScript(3306))).toBe(true);
    expect(script.match(/iptables -I /g)).toHaveLength(2);
  });
});
