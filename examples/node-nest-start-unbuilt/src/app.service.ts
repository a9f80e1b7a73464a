import { Injectable } from '@nestjs/common';
import * as path from 'node:path';

@Injectable()
export class AppService {
  getHello(): { app: string; greeting: string; entry: string } {
    return {
      app: 'node-nest-start',
      greeting: 'Hello World!',
      // The file node runs: nest start runs dist/main.js, and so must the rewritten start.
      entry: path.relative(process.cwd(), process.argv[1] ?? ''),
    };
  }
}
