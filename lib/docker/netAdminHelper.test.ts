import { HELPER_OF_PROJECT, netAdminHelperSpec } from './netAdminHelper';

describe('the network helper container', () => {
  const spec = netAdminHelperSpec({
    image: 'lab-chaos',
    targetId: 'abc123',
    project: 'lab',
    script: 'iptables -S',
  });
  const host = spec.HostConfig as Record<string, unknown>;

  it("joins the target's network namespace and runs the script with sh", () => {
    expect(host.NetworkMode).toBe('container:abc123');
    expect(spec).toMatchObject({ Image: 'lab-chaos', Entrypoint: ['/bin/sh', '-c'], Cmd: ['iptables -S'] });
  });

  it('holds NET_ADMIN and nothing else: every other capability dropped, no mounts, read-only, no new privileges', () => {
    expect(host).toMatchObject({ CapDrop: ['ALL'], CapAdd: ['NET_ADMIN'], ReadonlyRootfs: true });
    expect(host.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(host).not.toHaveProperty('Binds');
    expect(host).not.toHaveProperty('Privileged');
  });

  it('names the project it belongs to, so that what a killed chaos left can be found and removed', () => {
    expect(spec.Labels).toMatchObject({ [HELPER_OF_PROJECT]: 'lab' });
  });

  it("is no container of compose's, whatever labels the chaos image carries: compose logs -f chaos never attaches to it", () => {
    expect(spec.Labels).toMatchObject({ 'com.docker.compose.project': '', 'com.docker.compose.service': '' });
  });
});
