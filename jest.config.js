/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  globalSetup: "<rootDir>/harness/moto/globalSetup.ts",
  globalTeardown: "<rootDir>/harness/moto/globalTeardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};
