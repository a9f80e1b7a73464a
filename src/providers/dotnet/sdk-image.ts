// The SDK image: the repository its runtime images sit next to, its version and OS flavour.
import { data, type SdkImage } from './types';

export function isSdkRepository(repository: string): boolean {
  return /(^|\/)dotnet\/(core\/)?sdk$/.test(repository);
}

/**
 * A .NET image that is not the SDK's (aspnet, runtime, the old microsoft/dotnet and
 * microsoft/aspnetcore): with no dotnet build in the file, the app was published elsewhere.
 */
export function isDotnetRepository(repository: string): boolean {
  return /(^|\/)(dotnet\/(core\/)?(aspnet|runtime|runtime-deps)|microsoft\/(dotnet|aspnetcore))$/.test(
    repository,
  );
}

export function sdkImage(repository: string, tag: string | null): SdkImage | null {
  if (!isSdkRepository(repository)) return null;
  const repo = data().sdkRepositories[repository] ?? repository.replace(/\/sdk$/, '');
  const t = tag ?? 'latest';
  const m = /^(\d+\.\d+)(?:\.\d+)?(?:-(?:preview|rc)[\w.]*)?(?:-(.+))?$/.exec(t);
  const rest = (m ? (m[2] ?? '') : t === 'latest' ? '' : t).replace(
    /-(amd64|arm64v8|arm32v7)$/,
    '',
  );
  const family = /^alpine/.test(rest)
    ? 'alpine'
    : data().aptFlavours.includes(rest)
      ? 'debian'
      : 'other';
  return { repo, version: m ? m[1] : null, flavour: rest, family };
}
