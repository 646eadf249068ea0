// @ts-check
const { default: Sequencer } = require('@jest/test-sequencer');

/**
 * Files that must run after the others of their project, in this order: chaosContainer.test.ts ends
 * with make clean, which drops the chaos lab's database (test/support/chaosLab.ts); run before
 * chaosLeftovers.test.ts, it would make that file initialise a new one.
 */
const LAST = ['chaosContainer.test.ts'];

/** jest's own order (failed first, then slowest first), with LAST moved to the end. */
class TestOrder extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    const sorted = await super.sort(tests);
    /** @param {{ path: string }} test */
    const rank = (test) => LAST.findIndex((name) => test.path.endsWith(`/${name}`));
    const last = sorted.filter((test) => rank(test) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...sorted.filter((test) => rank(test) < 0), ...last];
  }
}

module.exports = TestOrder;
