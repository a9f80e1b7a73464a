// The Java provider's types and its data file (data/java.json).
import * as path from 'path';
import type { StartNeeds } from '../../analysis/needs';
import type { Command } from '../../analysis/stage';
import { templateJson, type RuntimeFacts } from '../../data';
import type { CopySpec, ProviderInput } from '../contract';

export interface JavaData {
  builderImages: string[];
  builders: Record<string, { workdir: string; env: Record<string, string> }>;
  runtimes: Record<string, RuntimeFacts>;
  tomcatFlavours: string[];
  temurinFlavours: string[];
  jreCommands: string[];
  tomcatCommands: string[];
  jdkTools: string[];
  buildTools: string[];
  buildToolPackages: string[];
  runtimeDirs: string[];
  runtimeFilePattern: string;
  buildInputs: string[];
  mavenPlugins: { harmless: string[] };
  distrolessJava: { majors: number[]; javaPaths: string[] };
  jlink: {
    majors: number[];
    codename: string;
    always: string[];
    commands: string[];
    sizeMB: number;
    reflection: string[];
    startOptions: string[];
  };
}
export const data = () => templateJson<JavaData>('java.json');

export interface JdkImage {
  family: 'temurin' | 'openjdk' | 'maven' | 'gradle' | 'tomcat';
  /** Version as the runtime tag spells it: the major, or the builder's full Temurin version. */
  version: string | null;
  major: number | null;
  /** Runtime tag suffix: '', '-jammy', '-alpine' ... */
  flavour: string;
  alpine: boolean;
  /** The builder's OS is not the runtime's (Debian slim or Oracle Linux -> Ubuntu). */
  osChange: string | null;
  /** Tomcat version of a tomcat image's tag (10, 10.1, 9.0.80). */
  tomcat?: string;
  /** Tag holds a JRE, not a JDK. */
  jre: boolean;
}

export interface Artifact {
  path: string;
  dir: boolean;
  why: string;
}

/** What a build folder holds after the build: the archive names, and whether that list is complete. */
export interface OutputDir {
  names: Set<string>;
  complete: boolean;
}

export interface Outputs {
  artifacts: Artifact[];
  dirs: Map<string, OutputDir>;
  /** Reasons a named artifact could not be worked out (declined only if the start needs it). */
  unknown: string[];
  /** Archives the build may write in dir, and why that is not established (name null: any). */
  uncertain: { dir: string; name: string | null; why: string }[];
  tools: Set<string>;
}

export function noOutputs(): Outputs {
  return { artifacts: [], dirs: new Map(), unknown: [], uncertain: [], tools: new Set() };
}

export function addOutput(out: Outputs, a: Artifact, dirComplete = true): void {
  if (!out.artifacts.some((x) => x.path === a.path)) out.artifacts.push(a);
  if (a.dir) return;
  const dir = path.posix.dirname(a.path);
  const entry = out.dirs.get(dir) ?? { names: new Set<string>(), complete: dirComplete };
  entry.names.add(path.posix.basename(a.path));
  if (!dirComplete) entry.complete = false;
  out.dirs.set(dir, entry);
}

export interface JavaStart {
  argv: string[];
  shellForm: boolean;
}

/** What plan() works with, shared by its steps. */
export interface PlanState {
  input: ProviderInput;
  needs: StartNeeds;
  jdk: JdkImage;
  /** The stage's ENV over the builder image's (JAVA_HOME, CATALINA_HOME). */
  env: Record<string, string>;
  /** Every RUN command, with variables the builder image defines expanded. */
  commands: Command[];
  out: Outputs;
  /** Archives a RUN step copied or moved: new path -> build output. */
  moved: Map<string, string>;
  /** Folders a RUN step unpacked an archive into. */
  produced: Set<string>;
  mounts: string[];
  /** Folders the stage made with mkdir, outside its sources. */
  mkdirs: Set<string>;
  copies: CopySpec[];
  vouched: string[];
  executables: string[];
  notes: string[];
}
