export interface Answer {
  app: string;
  greeting: string;
  path: string;
  cwd: string;
}

export function answer(greeting: string, path: string): Answer {
  return { app: 'node-tsx-outdir', greeting, path, cwd: process.cwd() };
}
