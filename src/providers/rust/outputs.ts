// Where one cargo command writes binaries: <target-dir>[/<triple>]/<profile>/<bin> for cargo
// build (and a copy in --artifact-dir), <root>/bin/<bin> for cargo install --path. A tool
// installed from a registry or git is remembered, not followed: it serves the build.
import * as path from 'path';
import { resolvePath } from '../../analysis/stage';
import { tomlString, tomlStrings, tomlTable } from '../../readers/toml';
import { decline, type Decline } from '../contract';
import {
  cargoConfig,
  configValue,
  features,
  first,
  has,
  hasVariable,
  profileDir,
  valuedOptions,
  values,
  varsOf,
  type Cargo,
  type CargoConfigs,
} from './cargo';
import { libcOf } from './linking';
import {
  binTargets,
  enabledFeatures,
  isManifest,
  members,
  nearestManifest,
  packageName,
  readManifest,
  workspaceRoot,
} from './manifest';
import { data, type Context, type Libc, type Manifest, type Output } from './types';

const line = (cargo: Cargo): string => cargo.cmd.argv.join(' ');

const cannot = (why: string): Decline => decline('MSC007', why);

/** Options msconvert cannot follow: a value from a variable, a target set through --config. */
function unreadableOptions(cargo: Cargo): Decline | null {
  for (const [name, vals] of valuedOptions(cargo)) {
    if (vals.some(hasVariable) && name !== 'features' && name !== 'jobs') {
      return cannot(
        `\`${line(cargo)}\` names its --${name} through a variable msconvert cannot resolve, so it cannot tell which binaries it writes.`,
      );
    }
  }
  if (values(cargo, 'config').some((c) => /target/.test(c))) {
    return cannot(
      `\`${line(cargo)}\` sets its target folder or triple with --config, which msconvert does not read; use --target-dir or --target.`,
    );
  }
  return null;
}

/** cargo install <crate> or --git: a tool for the build, unless the container runs it. */
function rememberTools(ctx: Context, cargo: Cargo): void {
  const crates = cargo.positional.length ? cargo.positional : [first(cargo, 'git') ?? ''];
  for (const crate of crates) {
    const base = crate
      .replace(/@.*$/, '')
      .replace(/.*\//, '')
      .replace(/\.git$/, '');
    ctx.tools.push({ crate: base, bins: data().toolBins[base] ?? [base] });
  }
}

/** The Cargo.toml the command builds (--manifest-path, install --path, or the nearest). */
function manifestOf(ctx: Context, cargo: Cargo): Manifest | Decline {
  const cwd = cargo.cmd.cwd;
  const manifestPath = first(cargo, 'manifest-path');
  const installPath = first(cargo, 'path');
  const read = manifestPath
    ? readManifest(ctx.input, path.posix.dirname(resolvePath(cwd, manifestPath)))
    : installPath
      ? readManifest(ctx.input, resolvePath(cwd, installPath))
      : nearestManifest(ctx.input, cwd);
  if (isManifest(read)) return read;
  const where = manifestPath ?? (installPath ? `${installPath}/Cargo.toml` : `${cwd}/Cargo.toml`);
  return cannot(
    read === 'invalid'
      ? `cannot read ${where}, so msconvert cannot tell the names of the binaries \`${line(cargo)}\` writes.`
      : `cannot tell the names of the binaries \`${line(cargo)}\` writes: ${where} is not in the build context (pass --context).`,
  );
}

/** The target triples (--target, CARGO_BUILD_TARGET, build.target); Linux ones only. */
function triplesOf(cargo: Cargo, vars: Record<string, string>, configs: CargoConfigs) {
  const triples = values(cargo, 'target');
  if (triples.length === 0 && vars.CARGO_BUILD_TARGET) triples.push(vars.CARGO_BUILD_TARGET);
  if (triples.length === 0) {
    const t = configValue(configs, 'build', 'target')?.value;
    const s = tomlString(t);
    for (const item of Array.isArray(t) ? tomlStrings(t) : s ? [s] : []) triples.push(item);
  }
  for (const t of triples) {
    if (hasVariable(t)) {
      return cannot(
        `\`${line(cargo)}\` names its target triple through a variable msconvert cannot resolve.`,
      );
    }
    if (!/-linux-(gnu|musl)/.test(t)) {
      return cannot(
        `\`${line(cargo)}\` builds for ${t}, not for Linux; msconvert converts builds of Linux executables.`,
      );
    }
  }
  return triples;
}

/** The packages a cargo build selects and the binaries each builds. */
function selectBins(ctx: Context, cargo: Cargo, m: Manifest, root: Manifest) {
  const all = members(ctx.input, root);
  let pkgs: Manifest[];
  const named = values(cargo, 'package').map((p) => p.replace(/[@:].*$/, ''));
  if (named.length > 0) pkgs = all.filter((p) => named.includes(packageName(p)));
  else if (has(cargo, 'workspace') || has(cargo, 'all')) {
    const ex = values(cargo, 'exclude');
    pkgs = all.filter((p) => !ex.includes(packageName(p)));
  } else if (!tomlTable(m.toml.package)) {
    const defaults = tomlStrings(tomlTable(m.toml.workspace)?.['default-members']).map((d) =>
      resolvePath(m.dir, d),
    );
    pkgs = defaults.length ? all.filter((p) => defaults.includes(p.dir)) : all;
  } else pkgs = [m];
  const onlyBins = values(cargo, 'bin');
  const examples = values(cargo, 'example');
  const targetFlags =
    onlyBins.length > 0 ||
    examples.length > 0 ||
    has(cargo, 'lib') ||
    values(cargo, 'test').length > 0 ||
    values(cargo, 'bench').length > 0;
  const bins: string[] = [];
  for (const p of pkgs) {
    ctx.manifests.set(p.dir, p);
    const found = binTargets(ctx.input, p, root, enabledFeatures(p, features(cargo)));
    if (has(cargo, 'bins') || !targetFlags)
      for (const item of found.filter((b) => !bins.includes(b))) bins.push(item);
  }
  for (const b of onlyBins) if (!bins.includes(b)) bins.push(b);
  return { bins, examples };
}

/** cargo install --path: <root>/bin/<bin>, root from --root, the environment or config. */
function installOutputs(
  ctx: Context,
  cargo: Cargo,
  m: Manifest,
  names: string[],
  configs: CargoConfigs,
  libc: Libc,
): Output[] | Decline {
  const cwd = cargo.cmd.cwd;
  const vars = varsOf(ctx, cargo);
  let rootDir = first(cargo, 'root') ?? vars.CARGO_INSTALL_ROOT;
  if (rootDir) rootDir = resolvePath(cwd, rootDir);
  else {
    const cfgRoot = configValue(configs, 'install', 'root');
    if (cfgRoot && tomlString(cfgRoot.value))
      rootDir = resolvePath(cfgRoot.dir, cfgRoot.value as string);
  }
  if (!rootDir) {
    const user = cargo.run.user && !/^(root|0)(:.*)?$/.test(cargo.run.user) ? cargo.run.user : null;
    const home = vars.HOME ?? (user ? `/home/${user.split(':')[0]}` : '/root');
    rootDir = vars.CARGO_HOME ?? `${home}/.cargo`;
  }
  if (hasVariable(rootDir))
    return cannot(`cargo install writes to ${rootDir}, which msconvert cannot resolve.`);
  return names.map((n) => ({
    path: path.posix.join(rootDir as string, 'bin', n),
    why: `installed by cargo install (package ${packageName(m)})`,
    build: false,
    libc,
  }));
}

/** cargo build: the target folder from --target-dir, the environment, config or the root. */
function targetDirOf(
  cargo: Cargo,
  root: Manifest,
  vars: Record<string, string>,
  configs: CargoConfigs,
) {
  const cwd = cargo.cmd.cwd;
  const given = first(cargo, 'target-dir') ?? vars.CARGO_TARGET_DIR ?? vars.CARGO_BUILD_TARGET_DIR;
  if (given) return resolvePath(cwd, given);
  const cfg = configValue(configs, 'build', 'target-dir');
  return cfg && tomlString(cfg.value)
    ? resolvePath(cfg.dir, cfg.value as string)
    : path.posix.join(root.dir, 'target');
}

function buildOutputs(
  cargo: Cargo,
  targetDir: string,
  triple: string | null,
  sel: { bins: string[]; examples: string[] },
  libc: Libc,
): Output[] {
  const base = path.posix.join(targetDir, triple ?? '', profileDir(cargo, false));
  const outDir = first(cargo, 'artifact-dir') ?? first(cargo, 'out-dir');
  const out: Output[] = [];
  for (const b of sel.bins) {
    out.push({
      path: path.posix.join(base, b),
      why: `built by \`${line(cargo)}\``,
      build: true,
      libc,
    });
    if (outDir)
      out.push({
        path: path.posix.join(resolvePath(cargo.cmd.cwd, outDir), b),
        why: `copied by \`${line(cargo)}\``,
        build: false,
        libc,
      });
  }
  for (const e of sel.examples)
    out.push({
      path: path.posix.join(base, 'examples', e),
      why: `example built by \`${line(cargo)}\``,
      build: true,
      libc,
    });
  return out;
}

/** The binaries one cargo build or cargo install writes, or why msconvert cannot tell. */
export function outputsOf(ctx: Context, cargo: Cargo): Output[] | Decline {
  const unreadable = unreadableOptions(cargo);
  if (unreadable) return unreadable;
  const install = cargo.sub === 'install';
  if (install && (cargo.positional.length > 0 || first(cargo, 'git'))) {
    rememberTools(ctx, cargo);
    return [];
  }
  const m = manifestOf(ctx, cargo);
  if ('kind' in m) return m;
  const root = workspaceRoot(ctx.input, m);
  ctx.roots.set(root.dir, root);
  const vars = varsOf(ctx, cargo);
  const configs = cargoConfig(ctx, cargo.cmd.cwd);
  const triples = triplesOf(cargo, vars, configs);
  if ('kind' in triples) return triples;
  const sel = install
    ? {
        bins: values(cargo, 'bin').length
          ? values(cargo, 'bin')
          : binTargets(ctx.input, m, root, enabledFeatures(m, features(cargo))),
        examples: values(cargo, 'example'),
      }
    : selectBins(ctx, cargo, m, root);
  if (install) ctx.manifests.set(m.dir, m);
  const names = [...sel.bins, ...sel.examples];
  if (names.some(hasVariable))
    return cannot(
      `\`${line(cargo)}\` picks its binary through a variable msconvert cannot resolve.`,
    );
  const triple = triples[0] ?? null;
  const libc = libcOf(ctx, triple, cargo, configs);
  if (install) return installOutputs(ctx, cargo, m, names, configs, libc);
  const targetDir = targetDirOf(cargo, root, vars, configs);
  if (hasVariable(targetDir)) {
    return cannot(
      `cargo writes to the target folder ${targetDir}, which msconvert cannot resolve.`,
    );
  }
  return buildOutputs(cargo, targetDir, triple, sel, libc);
}
