import { make } from './replicaLab';

/** The e2e-replica project's globalTeardown: its files share one replicated lab, removed once after the last. */
export default async function removeReplicaLab(): Promise<void> {
  await make('clean TOPOLOGY=primary-replica', 300_000);
}
