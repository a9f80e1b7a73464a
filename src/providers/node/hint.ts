// The registry's quick test before loading the Node provider: text detect() needs (a node
// FROM image, or an npm/yarn/pnpm/bun install) must match it. test/providers/registry.test.ts
// holds it to that.
export const hint: RegExp = /node|npm|yarn|pnpm|corepack|\bbun\b/i;
