// The runtime image: aspnet, runtime or runtime-deps, of the version the app targets, in the
// SDK image's OS flavour; what the switch from the SDK image changes (ICU on Alpine, the
// listening address before .NET 8); then the user's --runtime.
import type { Warning } from '../../codes';
import type { RuntimeFacts } from '../../data';
import type { StageModel } from '../../analysis/stage';
import type { Decline, RuntimeCandidate } from '../contract';
import { applyRuntimeOverride } from '../runtime-override';
import { data, type SdkImage } from './types';

export type RuntimeKind = 'aspnet' | 'runtime' | 'runtime-deps';

export interface Target {
  tfm: string;
  version: string;
  major: number;
}

/** The runtime image and why it was chosen. */
export function runtimeCandidate(
  sdk: SdkImage,
  target: Target,
  kind: RuntimeKind,
  app: { name: string; web: 'sdk' | 'framework-reference' | null },
  notes: string[],
): RuntimeCandidate {
  const d = data();
  const tag = sdk.flavour ? `${target.version}-${sdk.flavour}` : target.version;
  const base = d.runtimes[sdk.family];
  const image = base.image
    .replace('{repo}', sdk.repo)
    .replace('{kind}', kind)
    .replace('{tag}', tag);
  const facts: RuntimeFacts = {
    ...base,
    image,
    users: [...base.users, ...(target.major >= d.appUserSince ? ['app'] : [])],
  };
  const reference =
    app.web === 'sdk'
      ? ', a web project'
      : app.web
        ? ', which references the ASP.NET Core framework'
        : ', whose project references use ASP.NET Core';
  const why = [
    kind === 'runtime-deps'
      ? `a self-contained app needs only the native dependencies (runtime-deps ${target.version})`
      : `${kind === 'aspnet' ? 'ASP.NET Core' : '.NET'} runtime ${target.version}, the version ${app.name} targets (${target.tfm})${kind === 'aspnet' ? reference : ', not a web project'}`,
  ];
  if (sdk.flavour) why.push(`same OS flavour as the SDK image (${sdk.flavour})`);
  if (sdk.version && sdk.version !== target.version)
    notes.push(
      `the SDK is ${sdk.version} but ${app.name} targets ${target.tfm}, so the runtime is ${target.version}`,
    );
  return { image, facts, why: why.join('; '), commands: kind === 'runtime-deps' ? [] : ['dotnet'] };
}

/** ENV lines and packages that keep what the SDK image gave the app. */
export function keepSdkBehaviour(
  model: StageModel,
  sdk: SdkImage,
  target: Target,
  web: boolean,
  invariantProperty: boolean,
  notes: string[],
): { runLines: string[]; ensure: string[] } {
  const d = data();
  const runLines: string[] = [];
  const ensure: string[] = [];
  // Globalization: the Alpine SDK image has ICU and sets invariant mode off; the Alpine
  // runtime images have no ICU and switch it on. Debian and Ubuntu images ship ICU.
  const envSet = (k: string) =>
    model.carried.some((i) => i.keyword === 'ENV' && i.pairs.some((p) => p.name === k));
  const invariantEnv = envSet('DOTNET_SYSTEM_GLOBALIZATION_INVARIANT')
    ? (model.env.DOTNET_SYSTEM_GLOBALIZATION_INVARIANT ?? '').toLowerCase()
    : null;
  const invariant = invariantProperty || invariantEnv === 'true' || invariantEnv === '1';
  if (sdk.family === 'alpine') {
    for (const item of invariant ? ['tzdata'] : d.alpineGlobalization) ensure.push(item);
    if (!invariant && invariantEnv === null) {
      runLines.push('ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false');
      notes.push(
        'ICU kept: the Alpine SDK image has ICU and DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false, the Alpine runtime image neither',
      );
    }
  }
  // Before .NET 8 the SDK images cleared ASPNETCORE_URLS, which the runtime images set to
  // http://+:80; .NET 8 apps use ASPNETCORE_HTTP_PORTS, which SDK and runtime share.
  if (web && target.major < d.httpPortsSince && !envSet('ASPNETCORE_URLS')) {
    runLines.push('ENV ASPNETCORE_URLS=');
    notes.push(
      `ASPNETCORE_URLS set empty: the original had none (the SDK image clears it), while the aspnet ${target.version} image sets http://+:80; set ASPNETCORE_URLS in the Dockerfile to choose the address`,
    );
  }
  return { runLines, ensure };
}

/** The candidates after the user's --runtime (slim keeps ours; alpine only from Alpine). */
export function chooseRuntime(
  override: string | undefined,
  candidate: RuntimeCandidate,
  sdk: SdkImage,
  kind: RuntimeKind,
  target: Target,
  warnings: Warning[],
): RuntimeCandidate[] | Decline {
  const noShell = {
    cannot: 'has no shell and no ICU; use slim, alpine or a dotnet runtime image.',
  };
  const chosen = applyRuntimeOverride(override, [candidate], {
    aliases: {
      slim: [candidate],
      scratch: noShell,
      distroless: noShell,
      alpine:
        sdk.family === 'alpine'
          ? [candidate]
          : {
              cannot:
                'would move an app built on glibc to musl (and drop ICU); build on an -alpine SDK image instead.',
            },
    },
    named: candidate,
    assumes: `the ${kind === 'aspnet' ? 'ASP.NET Core' : '.NET'} ${target.version} runtime, a shell and the same package manager as ${candidate.image}`,
  });
  if ('kind' in chosen) return chosen;
  for (const w of chosen.warnings) warnings.push(w);
  return chosen.candidates;
}

/** The Debian release, for the package maps (.NET 8 and 9 default to bookworm-slim). */
export function codenameOf(sdk: SdkImage): string | null {
  if (/^(bookworm|bullseye|buster|trixie)/.test(sdk.flavour))
    return sdk.flavour.replace(/-slim$/, '');
  return sdk.flavour === '' && sdk.version !== null && /^(8|9)\./.test(sdk.version)
    ? 'bookworm'
    : null;
}
