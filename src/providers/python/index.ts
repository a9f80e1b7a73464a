// Python: whatever pip, Poetry, Pipenv, uv or setup.py installed (the system site-packages
// of the exact Python version with the console scripts in /usr/local/bin, virtual
// environments, user and --target/--prefix folders) plus the app folders, copied to the same
// absolute paths onto the slim variant of the same python image. Console scripts keep finding
// their interpreter because every python image keeps it at /usr/local/bin/pythonX.Y.
import { playwrightInstall, untracedReason } from '../../analysis/effects';
import { tagCodename } from '../../analysis/image';
import type { StartNeeds } from '../../analysis/needs';
import type { RuntimeFacts } from '../../data';
import { detection } from '../detect';
import {
  decline,
  type Decline,
  type Detection,
  type Provider,
  type ProviderInput,
  type ProviderPlan,
} from '../contract';
import { condaImage } from './conda';
import {
  appCopies,
  installCopies,
  newDraft,
  outermostCopies,
  staticCopies,
  vouchedCommands,
} from './copies';
import { MANIFESTS, pythonEvidence } from './evidence';
import { Manifests } from './manifests';
import { OFFICIAL } from './names';
import { runtimeLibraries } from './native';
import { pathVersion, runtimeCandidates, runtimeImage } from './runtime';
import { startDecline } from './start';
import { reloadRewrite } from './reload-rewrite';
import { data, type Walk } from './types';
import { uvInterpreter } from './uv';
import { walk } from './walk';

export const pythonProvider: Provider = {
  id: 'python',
  name: 'Python',

  detect({ model, ctx }): Detection | null {
    const d = data();
    const build = model.runs
      .map((run) => run.commands.map(pythonEvidence).find((x) => x !== null))
      .find((e) => e);
    return detection(model, {
      image: d.builderImages.includes(model.image.name) || d.condaImages.includes(model.image.name),
      build,
      manifest: MANIFESTS.find((m) => ctx.exists(m)),
    });
  },

  rewriteStart: reloadRewrite,

  plan(input: ProviderInput, needs: StartNeeds): ProviderPlan | Decline {
    const { model } = input;
    const d = data();
    const build = readBuild(input, needs);
    if ('kind' in build) return build;
    const { w, minor } = build;
    const image = model.image;

    const rt = runtimeImage(image, input.parsed.stages[0].image);
    const draft = newDraft(input.builderName);
    if (rt.warning) draft.warnings.push({ code: 'MSC104', message: rt.warning });
    const codename = rt.alpine ? null : (tagCodename(image.tag) ?? d.defaultCodename);
    const { pathMinor, runLines } = pathVersion(input, minor ?? '');

    const manifests = readManifests(input, w);
    installCopies(input, w, draft, { minor: minor ?? '', pathMinor }, d);
    appCopies(input, w, needs, input.files.targets(), draft);
    staticCopies(input, w, draft);
    // With the minor unknown (an unpinned tag kept as is), python3.X is not vouched for.
    const runtimeCommands = d.runtimeCommands.flatMap((c) =>
      !c.includes('{minor}') ? [c] : minor ? [c.replace('{minor}', minor)] : [],
    );
    const vouched = vouchedCommands(input, needs, manifests, runtimeCommands, draft);
    const facts: RuntimeFacts = {
      ...(rt.alpine ? d.runtime.alpine : d.runtime.debian),
      image: rt.image,
    };
    const copies = outermostCopies(input, needs, facts, draft, vouched);

    let ensure: string[] = [];
    if (!rt.alpine && !rt.slimBuilder) {
      const libs = runtimeLibraries(input, w, manifests, codename, image, d);
      if ('kind' in libs) return libs;
      ensure = libs.ensure;
      for (const n of libs.notes) draft.notes.push(n);
    }

    const gain: string[] = [];
    if (!rt.same)
      gain.push(
        `${image.resolved} -> ${rt.image}: compilers, headers and the full OS toolset stay in the builder`,
      );
    const runtime = runtimeCandidates(input, rt, facts, { minor, codename }, runtimeCommands);
    if ('kind' in runtime) return runtime;

    return {
      kind: 'plan',
      language: 'python',
      evidence: [],
      candidates: runtime.candidates,
      copyFrom: draft.from,
      copies,
      executables: [],
      builderEdits: [],
      extraStages: draft.extraStages,
      runLines,
      providedCommands: [],
      staticArtifact: false,
      vouched,
      warnings: [...draft.warnings, ...runtime.warnings],
      notes: draft.notes,
      gain,
      ensure,
      codename,
    };
  },
};

/**
 * The build as the walk read it, and the Python version, or why it is not converted: a
 * Playwright or conda install, an image that is not python's, a start command that installs
 * or reloads, nothing installed, no minor version, a uv interpreter of another version, an
 * app in the filesystem root.
 */
function readBuild(
  input: ProviderInput,
  needs: StartNeeds,
): { w: Walk; minor: string | null } | Decline {
  const { model } = input;
  const d = data();
  const image = model.image;
  // Python carries no browser caches: playwright install leaves browsers and libraries behind.
  const browsers = playwrightInstall(model);
  if (browsers) return decline(browsers.osPackages ? 'MSC009' : 'MSC021', untracedReason(browsers));
  const conda = condaImage(image, d.condaImages);
  if (conda) return conda;
  const w = walk(input);
  if (w.decline) return w.decline;
  if (!OFFICIAL.test(image.repository)) {
    return decline(
      'MSC002',
      `Python runs on ${image.resolved} here, not on a python image; msconvert converts Python on the official python images (python:3.12, python:3.12-alpine), whose interpreter it keeps at /usr/local/bin on python:<version>-slim.`,
    );
  }
  const started = startDecline(input, needs);
  if (started) return started;
  if (w.installs.length === 0 && w.builds.length === 0 && w.venvs.size === 0) {
    return decline(
      'MSC006',
      'nothing is installed or built with pip, Poetry, Pipenv or uv here, so a builder stage has nothing to leave behind; a smaller base image (the -slim tag) is the whole change.',
    );
  }
  const minorMatch = /^(\d+)\.(\d+)/.exec(image.tag ?? '');
  if (!minorMatch) {
    const unpinned = unpinnedSameImage(input, w);
    if (unpinned) return unpinned;
  } else {
    const minor = `${minorMatch[1]}.${minorMatch[2]}`;
    const wanted = uvInterpreter(input, w, [Number(minorMatch[1]), Number(minorMatch[2])]);
    if (wanted && wanted.startsWith('requires-python')) {
      return decline(
        'MSC011',
        `the project's ${wanted} does not allow ${image.resolved}'s Python ${minor}, so uv makes the virtual environment with another Python it finds (such as the OS's python3) or downloads one into its data folder, which the runtime image does not have; build FROM a python tag it allows (or make it allow ${minor}) and convert again.`,
      );
    }
    if (wanted) {
      return decline(
        'MSC011',
        `uv is asked for Python ${wanted}, but ${image.resolved} has Python ${minor}, so uv downloads its own interpreter into its data folder and the virtual environment links to it; use a python:${wanted} image (or drop the pin) and convert again.`,
      );
    }
  }
  // App in the filesystem root: its files cannot be told from the image's.
  if (input.files.targets().includes('/') || w.projectDirs.includes('/')) {
    return decline(
      'MSC012',
      "the app is copied to or built in the filesystem root (no WORKDIR), so msconvert cannot tell its files from the image's; set a WORKDIR such as /app and convert again.",
    );
  }
  return { w, minor: minorMatch ? `${minorMatch[1]}.${minorMatch[2]}` : null };
}

/**
 * A tag without the minor version (python:slim, python:3-alpine) is planned only when the
 * runtime is that very reference: the same tag on both sides of one build is the same image,
 * so the Python is the same whatever it is. Installs whose paths carry the version (the
 * system and user site-packages) still need it named, and so does a uv interpreter pin,
 * which cannot be compared with an unknown version.
 */
function unpinnedSameImage(input: ProviderInput, w: Walk): Decline | null {
  const image = input.model.image;
  const rt = runtimeImage(image, input.parsed.stages[0].image);
  const versioned = w.installs.some((i) => i.place.kind === 'system' || i.place.kind === 'user');
  const uvPin = uvInterpreter(input, w, [0, 0]) !== null;
  if (rt.same && !versioned && !uvPin) return null;
  return decline(
    'MSC015',
    `FROM ${image.resolved} does not name the Python minor version, so the slim image pulled for the runtime may carry another Python than the builder, and installed packages only work with the version they were installed for; pin it (python:3.12) and convert again.`,
  );
}

/** The dependencies and console scripts of what the installs installed. */
function readManifests(input: ProviderInput, w: Walk): Manifests {
  const manifests = new Manifests(input);
  for (const inst of w.installs) {
    for (const n of inst.named) manifests.add(n);
    for (const r of inst.requirements) manifests.requirements(r);
    if (inst.project) manifests.project(inst.project, true);
    else if (inst.tool !== 'pip' && inst.tool !== 'easy_install')
      manifests.project(inst.cmd.cwd, false);
  }
  if (w.installs.length > 0) {
    for (const dir of w.wheels) manifests.project(dir, true);
    for (const r of w.wheelRequirements) manifests.requirements(r);
  }
  return manifests;
}
