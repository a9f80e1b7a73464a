// Ruby: the gems Bundler and RubyGems installed (GEM_HOME /usr/local/bundle of the official
// images, or the Bundler path: vendor/bundle in deployment mode), the Bundler configuration
// the build wrote, and the app folders, copied to the same absolute paths onto the slim
// variant of the same ruby image (same Ruby, same Debian release; an Alpine builder keeps its
// image). Native extensions keep working because the Ruby ABI is the same; the OS libraries
// they link that only the full image ships are installed (data/ruby.json `nativeGems`).
import type { Warning } from '../../codes';
import type { StartNeeds } from '../../analysis/needs';
import { installedPackages } from '../../analysis/packages';
import { isSystemFolder } from '../../analysis/system-folders';
import { allCommands } from '../../analysis/stage';
import { commandName } from '../../shell';
import { images, packages, templateJson, type RuntimeFacts } from '../../data';
import { spawnedCommands } from '../../analysis/spawned';
import { detection } from '../detect';
import { applyRuntimeOverride } from '../runtime-override';
import {
  decline,
  type CopySpec,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
  type RuntimeCandidate,
} from '../contract';
import { isBundle, walkBundler, type BundlerWalk } from './bundler';
import { gemExecutables, gemfileGems, nativeLibraries, readLockfile, type Lockfile } from './gems';
import { buildStep, framework } from './rails';
import { rubyRuntime, type RubyRuntime } from './runtime';
import { startDecline } from './start';
import type { RubyData } from './types';

const data = () => templateJson<RubyData>('ruby.json');

const OFFICIAL =
  /^(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\/)?(?:library\/)?ruby$|^(?:public\.ecr\.aws\/docker\/library|mcr\.microsoft\.com\/mirror\/docker\/library|mirror\.gcr\.io\/library)\/ruby$/;

/** Ruby installed some other way than the official image: version managers, OS packages. */
const OTHER_RUBY = /^(rbenv|rvm|ruby-build|ruby-install|chruby|asdf|mise)$/;

const SCRATCH = /^\/(tmp|var\/tmp|var\/cache|var\/lib\/apt|root\/\.cache|proc|sys|dev)(\/|$)/;

const under = (p: string, dir: string) => p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);

function buildEvidence(input: ProviderInput): string | null {
  const found: string[] = [];
  for (const c of allCommands(input.model)) {
    if (isBundle(c.argv[0])) {
      const sub = c.argv[1] && !c.argv[1].startsWith('-') ? c.argv[1] : 'install';
      if (sub === 'install' || sub === 'exec' || sub === 'config') found.push(`RUN bundle ${sub}`);
    }
    if (commandName(c.argv[0]) === 'gem' && c.argv[1] === 'install') found.push('RUN gem install');
  }
  // The install is the strongest evidence; configuration and tasks only suggest Bundler.
  return found.find((f) => f === 'RUN bundle install') ?? found[0] ?? null;
}

const MANIFESTS = ['Gemfile', 'Gemfile.lock', 'config.ru', '.ruby-version'];

/** Step 1: Ruby must come from an official ruby image, whose slim twin has the same Ruby. */
function officialImage(input: ProviderInput): Decline | null {
  const { model } = input;
  const d = data();
  const manager = allCommands(model).find((c) => OTHER_RUBY.test(commandName(c.argv[0])));
  if (OFFICIAL.test(model.image.repository) && !manager) return null;
  const how = manager
    ? `with ${commandName(manager.argv[0])}`
    : d.otherRubyImages.includes(model.image.name)
      ? `on ${model.image.resolved}, another Ruby implementation`
      : `on ${model.image.resolved}`;
  return decline(
    'MSC040',
    `Ruby is installed ${how} here, not taken from an official ruby image; msconvert converts Ruby on the ruby images (ruby:3.3, ruby:3.3-alpine), whose slim variant has the same Ruby in /usr/local; build FROM ruby:<version> and convert again.`,
  );
}

/** The app folders: Bundler's roots, the WORKDIR and what is copied from the context. */
function appFolders(input: ProviderInput, w: BundlerWalk): string[] | Decline {
  const { model, files } = input;
  const targets = files.targets();
  if (targets.includes('/') || w.roots.includes('/')) {
    return decline(
      'MSC012',
      "the app is copied to or installed in the filesystem root (no WORKDIR), so msconvert cannot tell its files from the image's; set a WORKDIR such as /app and convert again.",
    );
  }
  const out: string[] = [];
  const add = (p: string) => {
    if (!isSystemFolder(p) && !SCRATCH.test(p) && !out.includes(p)) out.push(p);
  };
  for (const r of w.roots) add(r);
  if (model.cwd !== '/') add(model.cwd);
  for (const t of targets) add(t);
  return out;
}

/** The Gemfile.lock of each Bundler root, merged. */
function lockfiles(input: ProviderInput, w: BundlerWalk): Lockfile | null {
  let merged: Lockfile | null = null;
  for (const inst of w.installs) {
    const text = input.files.readByImagePath(`${inst.gemfile}.lock`);
    const lock = text === null ? null : readLockfile(text);
    if (!lock) return null;
    merged = merged
      ? {
          gems: [...merged.gems, ...lock.gems],
          dependencies: [...merged.dependencies, ...lock.dependencies],
        }
      : lock;
  }
  return merged;
}

/** Nested paths go with their parent; the first copy of a path wins. */
function collapse(copies: CopySpec[]): CopySpec[] {
  return copies.filter(
    (c, i) =>
      copies.findIndex((x) => x.src === c.src) === i &&
      !copies.some((p) => p !== c && p.src !== c.src && under(c.src, p.src)),
  );
}

function candidates(rt: RubyRuntime, facts: RuntimeFacts, minor: string): RuntimeCandidate[] {
  return [
    {
      image: rt.image,
      facts,
      why: rt.same
        ? `the builder is already ${rt.image}; the runtime keeps it and leaves the build packages behind`
        : `the slim variant of the builder's ruby image (same Ruby ${minor} in /usr/local, same Debian ${rt.codename})`,
      commands: data().runtimeCommands,
    },
  ];
}

/**
 * OS packages the runtime needs beyond the Dockerfile's own: the libraries native gems link
 * that only the full image ships, and the tools the app's source runs that the original had.
 */
function runtimePackages(
  input: ProviderInput,
  rt: RubyRuntime,
  lock: Lockfile | null,
  w: BundlerWalk,
  warnings: Warning[],
  notes: string[],
): string[] {
  const { model } = input;
  const d = data();
  const image = model.image;
  // OS libraries the native gems link that only the full image ships.
  const ensure: string[] = [];
  if (!rt.alpine && !rt.slimBuilder) {
    if (lock) {
      const nokogiriSystem =
        /^(1|true|yes)$/i.test(model.env.NOKOGIRI_USE_SYSTEM_LIBRARIES ?? '') ||
        allCommands(model).some(
          (c) => isBundle(c.argv[0]) && c.argv.some((a) => a.includes('use-system-libraries')),
        );
      const libs = nativeLibraries(lock, d, 'debian', rt.codename, nokogiriSystem);
      for (const p of libs.packages) ensure.push(p);
      if (libs.because.length) {
        warnings.push({
          code: 'MSC170',
          message: `gems with native extensions link libraries ${image.resolved} ships and the slim image lacks (${libs.because.join('; ')}), so the runtime installs ${libs.packages.join(', ')}.`,
        });
      }
    } else if (w.installs.length > 0) {
      warnings.push({
        code: 'MSC171',
        message: `the build context has no Gemfile.lock beside the Gemfile, so msconvert cannot tell which gems build native extensions against libraries ${image.resolved} ships and the slim runtime lacks; commit Gemfile.lock, or check the image with --verify.`,
      });
    }
  }

  // Commands the app's source runs (backticks, system, Open3) that the original had: its
  // own packages (even a curl installed beside a compiler) or the full image's tools.
  const installed = installedPackages(model);
  const pm = rt.alpine ? 'apk' : 'apt';
  const tools = rt.alpine || rt.slimBuilder ? [] : (images().builders.ruby?.tools ?? []);
  for (const cmd of spawnedCommands(input.ctx, 'rb')) {
    const pkg = packages().commands[pm][cmd];
    if (!pkg || ensure.includes(pkg)) continue;
    if (!installed.names.includes(pkg) && !tools.includes(cmd)) continue;
    ensure.push(pkg);
    notes.push(`the source runs ${cmd}, which the original had: ${pkg} is installed`);
  }

  return ensure;
}

export const rubyProvider: Provider = {
  id: 'ruby',
  name: 'Ruby',

  detect(input: ProviderInput): Detection | null {
    const { model, ctx } = input;
    const d = data();
    return detection(model, {
      image:
        d.builderImages.includes(model.image.name) || d.otherRubyImages.includes(model.image.name),
      build: buildEvidence(input),
      manifest: MANIFESTS.find((m) => ctx.exists(m)),
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model, files } = input;
    const d = data();
    const warnings: Warning[] = [];
    const notes: string[] = [];
    const image = model.image;

    const other = officialImage(input);
    if (other) return other;
    const gemHome = model.env.GEM_HOME ?? d.imageEnv.GEM_HOME;
    const w = walkBundler(model, gemHome);
    if (w.decline) return w.decline;
    const minorMatch = /^(\d+)\.(\d+)/.exec(image.tag ?? '');
    if (!minorMatch) {
      return decline(
        'MSC015',
        `FROM ${image.resolved} does not name the Ruby minor version, so the slim image pulled for the runtime may carry another Ruby than the builder, and gems with native extensions only load in the Ruby they were built for; pin it (ruby:3.3) and convert again.`,
      );
    }
    const minor = `${minorMatch[1]}.${minorMatch[2]}`;
    const lock = lockfiles(input, w);
    const started = startDecline(needs, d, lock);
    if (started) return started;
    if (w.installs.length === 0 && w.places.length === 0) {
      return decline(
        'MSC006',
        'nothing is installed with Bundler or RubyGems here, so a builder stage has nothing to leave behind; a smaller base image (the -slim tag) is the whole change.',
      );
    }
    const apps = appFolders(input, w);
    if (!Array.isArray(apps)) return apps;

    const rt = rubyRuntime(image, input.parsed.stages[0].image, d.defaultCodename);
    if (rt.warning) warnings.push({ code: 'MSC104', message: rt.warning });

    // What the installs left, the configuration Bundler reads again, the app.
    const from = input.builderName;
    const copies: CopySpec[] = [];
    const add = (src: string, why: string) => copies.push({ from, src, dest: src, why });
    if (w.installs.length > 0 && gemHome === d.imageEnv.GEM_HOME)
      add(
        gemHome,
        'GEM_HOME of the ruby image: gems, their executables and the Bundler configuration',
      );
    for (const p of w.places) add(p.path, p.why);
    for (const app of apps) add(app, 'app files');
    for (const s of needs.scripts) add(s.imagePath, 'script run at start');
    const kept = collapse(copies);
    // Owners inside the app need nothing more: COPY --from keeps the owner of everything
    // below the folder it copies (Rails' tmp/ and log/ given to its user stay that user's),
    // and the shared planner gives the folder itself the owner the original gave it.
    const kind = framework(files, w.roots[0] ?? model.cwd, lock);
    if (kind) notes.push(`${kind} app in ${w.roots[0] ?? model.cwd}`);
    for (const inst of w.installs)
      notes.push(`bundle install in ${inst.root}: gems in ${inst.how}`);
    const steps = [...new Set(w.tasks.map(buildStep).filter((s): s is string => s !== null))];
    if (steps.length) notes.push(`build steps kept in the copied app: ${steps.join(', ')}`);

    const ensure = runtimePackages(input, rt, lock, w, warnings, notes);

    // Executables the gems put in GEM_HOME/bin, which the start may run by name.
    const vouched: string[] = [];
    // Without a Gemfile.lock the Gemfile names the gems (their dependencies stay unknown).
    const named =
      lock ?? gemfileGems(w.installs.map((i) => files.readByImagePath(i.gemfile) ?? '').join('\n'));
    const provided = gemExecutables(named, d);
    for (const need of needs.commands) {
      if (!need.word.includes('/') && provided.has(need.word)) vouched.push(need.word);
    }

    const facts: RuntimeFacts = {
      ...(rt.alpine ? d.runtime.alpine : d.runtime.debian),
      image: rt.image,
    };
    const own = candidates(rt, facts, minor);
    const override = applyRuntimeOverride(input.options.runtime, own, {
      aliases: {
        distroless: { cannot: 'has no Ruby; use slim or a ruby image.' },
        scratch: { cannot: 'has no Ruby; use slim or a ruby image.' },
        ...(rt.alpine
          ? {}
          : {
              alpine: {
                cannot:
                  'would run native gems built against glibc on musl; build on ruby:<version>-alpine instead.',
              },
            }),
      },
      named: own[0],
      assumes: `Ruby ${minor} in /usr/local with GEM_HOME /usr/local/bundle, a shell and the same package manager as ${rt.image}`,
    });
    if ('kind' in override) return override;
    for (const x of override.warnings) warnings.push(x);

    const gain: string[] = [];
    if (!rt.same)
      gain.push(
        `${image.resolved} -> ${rt.image}: compilers, headers and the full OS toolset stay in the builder`,
      );
    const installed = installedPackages(model).names;
    if (installed.length > 0) notes.push(`OS packages of the original: ${installed.join(', ')}`);

    return {
      kind: 'plan',
      language: 'ruby',
      evidence: [],
      candidates: override.candidates,
      copyFrom: from,
      copies: kept,
      executables: [],
      builderEdits: [],
      extraStages: [],
      runLines: [],
      providedCommands: [],
      staticArtifact: false,
      vouched,
      warnings,
      notes,
      gain,
      ensure,
      codename: rt.alpine ? null : rt.codename,
    };
  },
};
