import { cutLinkScript, healLinkScript } from './linkRules';

describe('the replication link rules', () => {
  it("drop only the primary's server port, both ways, after healing an earlier cut", () => {
    const script = cutLinkScript('172.25.0.3');
    expect(script.startsWith(healLinkScript())).toBe(true);
    expect(script).toContain('iptables -I INPUT -s 172.25.0.3 -p tcp --sport 3306');
    expect(script).toContain('iptables -I OUTPUT -d 172.25.0.3 -p tcp --dport 3306');
  });

  it('refuse anything but an IPv4 address', () => {
    expect(() => cutLinkScript('db; rm -rf /')).toThrow('not an IPv4 address');
  });
});
