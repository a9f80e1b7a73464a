// `uvicorn|gunicorn|flask run ... --reload` at start: the server watches the sources and
// restarts on a change, which only a development image (sources mounted over it) can use. The
// production form is the same server, same app, same options, without the reload flags: the
// builder is unchanged, the runtime starts the command without them (MSC180). Other reloaders
// (Django's runserver, --autoreload) are development servers as a whole and stay declined.
import type { StartNeeds } from '../../analysis/needs';
import { commandName } from '../../shell';
import type { ProviderInput, StartRewrite } from '../contract';
import { restart, wordsOf } from '../start-words';
import { isPython } from './names';

/** Reload flags of each server, and whether they take a value. */
const RELOAD: Record<string, Record<string, boolean>> = {
  uvicorn: {
    '--reload': false,
    '--reload-dir': true,
    '--reload-include': true,
    '--reload-exclude': true,
    '--reload-delay': true,
  },
  gunicorn: { '--reload': false, '--reload-engine': true, '--reload-extra-file': true },
  flask: { '--reload': false },
};

/** The server a start runs (`uvicorn`, `python -m uvicorn`, `flask run`), at its word index. */
function serverOf(words: string[]): { name: string; at: number } | null {
  let at = 0;
  if (isPython(words[0]) && words[1] === '-m') at = 2;
  const name = commandName(words[at] ?? '');
  if (!(name in RELOAD)) return null;
  if (name === 'flask' && !words.slice(at + 1).includes('run')) return null;
  return { name, at };
}

export function reloadRewrite(input: ProviderInput, needs: StartNeeds): StartRewrite | null {
  const { model } = input;
  const starts = needs.commands.filter((c) => c.from === 'CMD' || c.from === 'ENTRYPOINT');
  if (starts.length !== 1) return null;
  const ins = starts[0].from === 'CMD' ? model.cmd : model.entrypoint;
  if (!ins || (starts[0].from === 'CMD' && model.entrypoint)) return null;
  const words = wordsOf(ins);
  if (!words) return null;
  const server = serverOf(words);
  if (!server) return null;
  const flags = RELOAD[server.name];
  const kept: string[] = words.slice(0, server.at + 1);
  const dropped: string[] = [];
  for (let i = server.at + 1; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return null;
    const name = w.split('=')[0];
    if (name in flags) {
      dropped.push(w);
      if (flags[name] && !w.includes('=')) {
        if (i + 1 >= words.length) return null;
        dropped.push(words[++i]);
      }
    } else if (/^--?(reload|autoreload|use-reloader)/.test(w)) return null;
    else kept.push(w);
  }
  if (dropped.length === 0) return null;
  const start = [restart(ins, kept)];
  if (ins.keyword === 'ENTRYPOINT' && model.cmd) start.push(model.cmd.raw);
  return {
    build: [],
    start,
    warning: {
      code: 'MSC180',
      message: `${ins.keyword} ran \`${words.join(' ')}\`, which watches the sources and restarts on a change (a development mode); the runtime starts the same server without \`${dropped.join(' ')}\`.`,
    },
  };
}
