import type { Connection } from 'mariadb';
import { DEFAULT_POOL_SIZE } from '../../lib/settings/strategies';
import type { AppProcess } from './appProcess';
import type { ChaosProcess } from './chaosProcess';
import { chaosConnection } from './dbAdmin';

/** The app's own default, so the tests see the pool a learner gets. */
export const POOL_SIZE = DEFAULT_POOL_SIZE;
/** Where the app's connections return after a scenario: none for per-request, at most its size for the pool. */
export const BASELINE = { 'per-request': 0, pool: POOL_SIZE } as const;

export interface ChaosScene {
  /** A chaos-user connection for looking at the process list, open for the whole file. */
  admin: Connection;
  /** The app and the chaos program a test starts: both stopped after it, whatever happened. */
  app?: AppProcess;
  chaos?: ChaosProcess;
}

/** Registers the hooks of a chaos test file: each test starts with no app and no chaos left running. */
export function chaosScene(): ChaosScene {
  const scene = {} as ChaosScene;
  beforeAll(async () => {
    scene.admin = await chaosConnection();
  });
  afterEach(async () => {
    await scene.chaos?.stop(); // its undo puts back what the mode changed
    await scene.app?.stop();
    scene.chaos = scene.app = undefined;
  });
  afterAll(() => scene.admin?.end());
  return scene;
}
