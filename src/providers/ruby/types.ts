// What the Ruby provider's steps hand each other.
import type { Command } from '../../analysis/stage';

export interface RubyData {
  builderImages: string[];
  otherRubyImages: string[];
  imageEnv: Record<string, string>;
  defaultCodename: string;
  runtime: {
    debian: import('../../data').RuntimeFacts;
    alpine: import('../../data').RuntimeFacts;
  };
  runtimeCommands: string[];
  gemExecutables: Record<string, string[]>;
  nativeGems: Record<
    string,
    { debian: PerRelease[]; alpine: string[]; onlyRubyPlatform?: boolean }
  >;
  nokogiriSystemLibraries: { debian: string[]; alpine: string[] };
  compileAtRuntime: string[];
  installAtStart: string[];
  buildAtStart: string[];
  watchers: string[];
  railsWritable: string[];
}

export type PerRelease = string | Record<string, string>;

/** One `bundle install` with the settings in force when it ran. */
export interface BundleInstall {
  cmd: Command;
  /** The app folder: where the Gemfile is (Bundler's root). */
  root: string;
  /** Where the gems land: GEM_HOME, or the configured path (vendor/bundle ...). */
  gemDir: string;
  /** How gemDir was chosen, for the explanation. */
  how: string;
  gemfile: string;
}

/** A path in the builder the runtime needs, with why. */
export interface Place {
  path: string;
  why: string;
}
