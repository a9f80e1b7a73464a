// The PHP provider: apps on the official php images (apache, fpm, cli; Debian or Alpine).
// The runtime stage is the builder's own image (same tag), so PHP, the web server and the
// entrypoint are untouched; what is left behind is what the build added: Composer and its
// cache, git/unzip and -dev packages, node_modules of a frontend build. The app folder is
// copied whole (vendor/, built assets, the owners given to storage/ and bootstrap/cache/),
// and so are the extension folder and the configuration the build wrote.
import * as path from 'path';
import type { Warning } from '../../codes';
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
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
} from '../contract';
import { appLayout, type AppLayout } from './app';
import {
  composerAtStart,
  composerInstallsNothing,
  composerRun,
  composerRuns,
  devPackagesWarning,
} from './composer';
import { spawnedTools } from './spawned';
import { extensionBuild, extensionPaths, type ExtensionBuild } from './extensions';
import { isPhpImage, readPhpImage, runtimeCandidate } from './image';
import { phpData, type PhpImage } from './types';

/** The user database: the same image's, with what usermod/groupmod changed. */
const USER_DATABASE = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'];

/** The stage derived from the builder that drops node_modules of a frontend build. */
const APP_STAGE = 'php-app';

function buildEvidence(input: ProviderInput): string | null {
  const tools = phpData().extensionTools;
  for (const run of input.model.runs)
    for (const c of run.commands) {
      const r = composerRun(c);
      if (r && r.sub) return `RUN ${r.text}`;
      const tool = commandName(c.argv[0] ?? '');
      if (tool.startsWith('docker-php-ext-') || (tools.includes(tool) && c.argv[1] === 'install'))
        return `RUN ${c.argv.join(' ')}`;
    }
  return null;
}

function copiesFor(
  input: ProviderInput,
  layout: AppLayout,
  ext: ExtensionBuild,
  img: PhpImage,
  from: string,
): CopySpec[] {
  const b = input.builderName;
  const out: CopySpec[] = [];
  for (const r of layout.roots)
    out.push({ from, src: r, dest: r, why: 'the app with vendor/ and what the build made in it' });
  for (const f of layout.files)
    out.push({ from: b, src: f, dest: f, why: 'copied from the context into the image' });
  if (ext.extensionDir) {
    const names = ext.names.length ? ` (${ext.names.join(', ')})` : '';
    for (const p of extensionPaths(ext, input.model.image.tag, img.variant === 'zts'))
      out.push({ from: b, src: p, dest: p, why: `the extensions the build compiled${names}` });
  }
  for (const c of ext.config)
    out.push({ from: b, src: c, dest: c, why: 'configuration the build wrote' });
  if (ext.userDatabase)
    for (const f of USER_DATABASE)
      out.push({ from: b, src: f, dest: f, why: 'users and groups the build changed' });
  return out;
}

function nodeStage(input: ProviderInput, layout: AppLayout): string[] {
  const root = !input.model.user || /^(root|0)(:.*)?$/.test(input.model.user);
  return [
    `FROM ${input.builderName} AS ${APP_STAGE}`,
    ...(root ? [] : ['USER root']),
    `RUN rm -rf ${layout.nodeModules.join(' ')}`,
  ];
}

function extensionWarning(img: PhpImage, ext: ExtensionBuild): Warning | null {
  if (!ext.extensionDir) return null;
  const release = img.alpine
    ? ''
    : img.codenamePinned
      ? ''
      : img.codenamePublished
        ? ` The tag names no Debian release; the run-time library names are Debian ${img.codename}'s, the release ${img.runtime} is published on.`
        : ` The tag names no Debian release; the run-time library names assume ${img.codename}.`;
  const names = ext.names.length ? ext.names.join(', ') : 'built with phpize';
  const one = ext.names.length === 1;
  return {
    code: 'MSC176',
    message: `the ${one ? 'extension' : 'extensions'} ${names} ${one ? 'is' : 'are'} copied from the builder as built files with their ini files; the libraries ${one ? 'it links are' : 'they link are'} installed from the -dev packages the build used (--verify reads the real links).${release}`,
  };
}

export const phpProvider: Provider = {
  id: 'php',
  name: 'PHP',

  detect(input: ProviderInput): Detection | null {
    return detection(input.model, {
      image: isPhpImage(input.model.image),
      build: buildEvidence(input),
      manifest: input.ctx.exists('composer.json') ? 'composer.json' : null,
    });
  },

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model } = input;
    const d = phpData();
    if (!isPhpImage(model.image))
      return decline(
        'MSC049',
        `PHP runs on ${model.image.resolved} here, not on an official php image; msconvert converts PHP apps on the php images (php:8.3-apache, php:8.3-fpm, php:8.3-cli), whose runtime is the same image without what the build added.`,
      );
    const runs = composerRuns(model);
    const layout = appLayout(
      model,
      runs.map((r) => r.dir),
    );
    if ('kind' in layout) return layout;
    const ext = extensionBuild(model, layout.roots);
    if (ext.installer)
      return decline(
        'MSC045',
        `${ext.installer} installs PHP extensions together with OS libraries it chooses itself and removes again, so msconvert cannot tell which libraries the extensions need at run time; install them with docker-php-ext-install or pecl and the -dev packages with apt, or keep the single stage.`,
      );
    if (ext.foreignEdits.length > 0)
      return decline(
        'MSC048',
        `the build changes ${ext.foreignEdits.join(', ')} in place, outside the app and the PHP and Apache configuration, which a runtime stage would not carry; copy the file from the context instead (COPY crontab /etc/cron.d/app for a crontab).`,
      );
    const atStart = composerAtStart(needs);
    if (atStart) return atStart;
    if (layout.roots.length === 0)
      return decline(
        'MSC046',
        'nothing is copied into an app folder from the build context and Composer installs nothing, so msconvert cannot tell which files are the app.',
      );
    const img = readPhpImage(model);
    const candidate = runtimeCandidate(img);
    const chosen = applyRuntimeOverride(input.options.runtime, [candidate], {
      aliases: {
        distroless: { cannot: 'has no PHP; the runtime of a PHP app is its php image.' },
        slim: { cannot: 'has no PHP; the runtime of a PHP app is its php image.' },
        alpine: { cannot: 'would change the C library the extensions were built for.' },
        scratch: { cannot: 'has no PHP; the runtime of a PHP app is its php image.' },
      },
      named: candidate,
      assumes: `PHP ${img.variant === 'cli' ? '' : `with ${img.variant} `}of the same version and build as ${model.image.resolved}`,
    });
    if ('kind' in chosen) return chosen;

    const warnings: Warning[] = [...chosen.warnings];
    const notes: string[] = [];
    const gain: string[] = [];
    const dev = devPackagesWarning(runs, input.files);
    if (dev) warnings.push(dev);
    const extWarning = extensionWarning(img, ext);
    if (extWarning) warnings.push(extWarning);
    const composerGains = runs.length > 0 && !composerInstallsNothing(runs, input.files);
    if (composerGains) gain.push('Composer and its download cache');
    for (const g of gain) notes.push(`left in the builder: ${g}`);

    const usesNode = needs.commands.some((n) =>
      ['node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm'].includes(commandName(n.word)),
    );
    const extraStages: string[][] = [];
    let from = input.builderName;
    if (layout.nodeModules.length > 0 && !usesNode) {
      extraStages.push(nodeStage(input, layout));
      from = APP_STAGE;
      gain.push('node_modules of the frontend build');
      notes.push('left in the builder: node_modules of the frontend build');
      warnings.push({
        code: 'MSC177',
        message: `the frontend build's ${layout.nodeModules.join(', ')} is left out of the runtime (a stage derived from the builder removes it before the app is copied); the built assets are copied with the app.`,
      });
    }
    const installed = new Set(
      model.runs
        .flatMap((r) => r.commands)
        .flatMap((c) => c.argv.map((w) => w.replace(/[=:].*$/, ''))),
    );
    const spawned = spawnedTools(input, img.alpine, installed);
    if ('kind' in spawned) return spawned;
    for (const n of spawned.notes) notes.push(n);
    const buildOnly = [...(usesNode ? [] : d.nodePackages), ...d.buildPackages].filter(
      (p) => installed.has(p) && !spawned.ensure.includes(p),
    );
    for (const p of buildOnly) {
      const served = d.buildPackages.includes(p) ? 'the dependency install' : 'the frontend build';
      notes.push(`${p} only served ${served} and stays in the builder`);
    }

    // The shared check (convert.ts) declines a plan that gains nothing; this one says why when
    // Composer itself is the only thing a split would remove.
    const onlyComposer = buildOnly.every((p) => d.buildPackages.includes(p));
    if (runs.length > 0 && gain.length === 0 && onlyComposer && !ext.extensionDir)
      return decline(
        'MSC006',
        `Composer installs no package here (${path.posix.join(runs[0].dir, 'composer.json')} requires only PHP and its extensions) and the build compiles nothing, so a runtime stage of the same php image would leave behind only the Composer program; the single stage is as lean.`,
      );

    return {
      kind: 'plan',
      language: 'php',
      evidence: [],
      candidates: chosen.candidates,
      copyFrom: from,
      copies: copiesFor(input, layout, ext, img, from),
      executables: [],
      builderEdits: [],
      extraStages,
      // The configuration folders replace the image's rather than merge into them, so that
      // what the build removed there (a2dissite, a2dismod, rm of an ini) stays removed.
      runLines: ext.config.length ? [`RUN rm -rf ${ext.config.join(' ')}`] : [],
      providedCommands: [],
      staticArtifact: false,
      vouched: [],
      warnings,
      notes,
      gain,
      ensure: spawned.ensure,
      codename: img.codename,
      buildOnlyPackages: buildOnly,
    };
  },
};
