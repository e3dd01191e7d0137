// Browser tests: Debian's Chromium driven by playwright-core against the built, spawned server.
// Run by `npm run test:e2e` (and .ci/run, which installs chromium when missing), not by `npm test`,
// which must pass on a machine with only Node and npm.
import base from './jest.config.js';

const integration = base.projects.find((p) => p.displayName === 'integration');

export default {
  testTimeout: 90_000,
  maxWorkers: 1,
  projects: [{ ...integration, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'] }],
};
