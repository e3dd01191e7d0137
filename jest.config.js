// Jest runs the ES-module backend natively (NODE_OPTIONS=--experimental-vm-modules, set by `npm test`),
// compiling TypeScript with SWC: legacy decorators and decorator metadata, as Nest needs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
};

export default {
  // Integration suites each boot a database (an embedded PGlite is ~800 MB): two at a time on this 2-core machine.
  maxWorkers: 2,
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/backend/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // `*.postgres.test.ts` suites run several processes against one database: only with DATABASE_URL (the embedded one serves a single process).
      testPathIgnorePatterns: process.env.DATABASE_URL ? [] : ['\\.postgres\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/support/setup-env.ts'],
    },
  ],
};
