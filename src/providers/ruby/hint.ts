// The registry's quick test (src/providers/index.ts): a Ruby image, Bundler, RubyGems or a
// Ruby start must appear in the text for detect() to match.
export const hint: RegExp = /ruby|bundle|\bgem\b|rails|\brake\b|puma|rackup|unicorn|sidekiq/i;
