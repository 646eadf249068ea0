/**
 * A short-lived helper container that joins another container's network namespace with NET_ADMIN,
 * runs one shell script there (iptables rules) and is removed: the capability exists only for the
 * seconds the script runs, never in the chaos container itself. The way Pumba cuts a network.
 * A program killed while its helper exists cannot remove it: the helper carries a label naming the
 * compose project, so that the undo (chaos/src/restore.ts) and `make down` find and remove it.
 */
import type { DockerEngine } from './dockerEngine';

/** The label on every helper: its value is the compose project whose container it changes. */
export const HELPER_OF_PROJECT = 'simplerr-lab.net-admin-helper-of';

/** The labels by which compose tells the containers of a project and its services, each set to ''. */
const COMPOSE_LABELS_EMPTIED = { 'com.docker.compose.project': '', 'com.docker.compose.service': '' };

export interface NetAdminScript {
  /** An image with /bin/sh and iptables (the chaos image has both). */
  readonly image: string;
  /** The container whose network the script changes. */
  readonly targetId: string;
  /** The compose project of the target, put on the helper as HELPER_OF_PROJECT. */
  readonly project: string;
  readonly script: string;
}

/** The Engine API spec of the helper: nothing but NET_ADMIN in the target's network namespace. */
export function netAdminHelperSpec({ image, targetId, project, script }: NetAdminScript): Record<string, unknown> {
  return {
    Image: image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [script],
    User: 'root',
    // The chaos image carries compose's labels (project, service chaos), which a container inherits:
    // emptied here, or compose would count the helper as a chaos container, and `make chaos-logs`
    // (compose logs -f chaos) would end with an error when a helper it attached to is removed.
    Labels: {
      ...COMPOSE_LABELS_EMPTIED,
      'simplerr-lab.role': 'net-admin-helper',
      [HELPER_OF_PROJECT]: project,
    },
    HostConfig: {
      NetworkMode: `container:${targetId}`,
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN'],
      ReadonlyRootfs: true,
      Tmpfs: { '/run': 'rw,size=1m' }, // iptables' lock file
      SecurityOpt: ['no-new-privileges:true'],
    },
  };
}

/** Runs the script and removes the helper; rejects with its output when it fails. Resolves with its output. */
export async function runNetAdminScript(docker: DockerEngine, job: NetAdminScript): Promise<string> {
  const id = await docker.create(netAdminHelperSpec(job));
  try {
    await docker.start(id);
    const code = await docker.wait(id);
    const output = (await docker.logs(id)).trim();
    if (code !== 0) throw new Error(`the network helper (${job.image}) exited with ${code}: ${output || 'no output'}`);
    return output;
  } finally {
    await docker.remove(id).catch(() => undefined); // a helper left behind holds nothing: its script has ended
  }
}

/** Removes the helpers of this project that a killed program left, running or not. Resolves with how many. */
export async function removeLeftHelpers(docker: DockerEngine, project: string): Promise<number> {
  const left = await docker.findContainers({ [HELPER_OF_PROJECT]: project });
  await Promise.all(left.map((helper) => docker.remove(helper.id)));
  return left.length;
}
