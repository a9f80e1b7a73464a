export interface Greeting {
  app: string;
  message: string;
  compiledFrom: string;
}

export function greeting(): Greeting {
  return {
    app: 'node-typescript-outdir',
    message: 'hello from typescript',
    // __filename is build/greeting.js at run time: proves the compiled output is used.
    compiledFrom: __filename.split('/').slice(-2).join('/'),
  };
}
