// Start commands Python images must not be converted with: installs at start, development
// servers and reloaders.
import { commandName } from '../../shell';
import type { StartNeeds } from '../../analysis/needs';
import { decline, type Decline, type ProviderInput } from '../contract';
import { isPython, TRUE } from './names';
import { data } from './types';

/** Command words with the interpreter prefix, flags and folders taken off: `manage.py runserver`. */
function startWords(argv: string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (isPython(a) || a === '-m') continue;
    if (a.startsWith('-')) continue;
    const w = commandName(a);
    words.push(/^pip\d*(\.\d+)?$/.test(w) ? 'pip' : w);
  }
  return ` ${words.join(' ')} `;
}

export function startDecline(input: ProviderInput, needs: StartNeeds): Decline | null {
  const d = data();
  for (const c of needs.commands) {
    if (c.from === 'HEALTHCHECK') continue;
    const text = startWords(c.argv);
    const shown = c.argv.join(' ');
    for (const phrase of d.installAtStart) {
      if (text.includes(` ${phrase} `)) {
        return decline(
          'MSC005',
          `the container runs \`${phrase}\` when it starts (${c.from}: \`${shown}\`), so it installs Python packages at run time; move that step into a RUN instruction.`,
        );
      }
    }
    for (const phrase of d.devServers) {
      if (text.includes(` ${phrase} `)) {
        return decline(
          'MSC005',
          `the container starts \`${phrase}\`, a Python development server; start a production server (gunicorn, uvicorn without --reload) instead.`,
        );
      }
    }
    const reload = c.argv.find((a) =>
      /^--(reload|autoreload|use-reloader|reload-dir)(=|$)/.test(a),
    );
    if (reload) {
      return decline(
        'MSC005',
        `the container starts \`${shown}\` with ${reload}, a Python development server that watches the sources; drop ${reload} for a production image.`,
      );
    }
    if (/ flask (\S+ )*run /.test(text)) {
      const env = input.model.env;
      if (
        c.argv.includes('--debug') ||
        TRUE.test(env.FLASK_DEBUG ?? '') ||
        env.FLASK_ENV === 'development'
      ) {
        return decline(
          'MSC005',
          '`flask run` starts in debug mode (a development server with the reloader); start the app with gunicorn or waitress instead.',
        );
      }
    }
  }
  return null;
}
