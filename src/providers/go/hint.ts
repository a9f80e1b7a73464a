// The registry's quick test before loading the Go provider: text detect() needs (a golang
// FROM image, or a go build/install command) must match it. test/providers/registry.test.ts
// holds it to that.
export const hint: RegExp = /golang|(^|[^\w.-])go\b/im;
