import { make } from './replicaLab';

/** After the e2e-replica project: its one replicated lab goes (make clean: containers, network, volumes). */
export default async function removeReplicaLab(): Promise<void> {
  await make('clean TOPOLOGY=primary-replica', 300_000);
}
