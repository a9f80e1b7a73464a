// The registry's quick test before loading the .NET provider (see src/providers/index.ts).
export const hint: RegExp = /dotnet/i;
