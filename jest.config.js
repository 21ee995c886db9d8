/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  globalSetup: "<rootDir>/tests/support/moto/globalSetup.ts",
  globalTeardown: "<rootDir>/tests/support/moto/globalTeardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};
