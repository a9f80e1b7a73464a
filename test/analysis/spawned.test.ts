// The commands an app's source starts, per language: what is read, and what is left out.
import { MemoryContext } from '../../src/context';
import { spawnedCommands } from '../../src/analysis/spawned';

describe('spawnedCommands for Python', () => {
  it('reads subprocess, os.system and sh calls outside tests, venvs and site-packages', () => {
    const ctx = new MemoryContext({
      'app.py': 'import subprocess\nsubprocess.run(["git", "pull"])\n',
      'jobs/backup.py': 'import os\nos.system("pg_dump db > /tmp/x")\n',
      'jobs/cli.py': 'import sh\nsh.Command("/usr/bin/convert")\n',
      'jobs/test_backup.py': 'import subprocess\nsubprocess.call(["curl", "x"])\n',
      'jobs/backup_test.py': 'import subprocess\nsubprocess.call(["wget", "x"])\n',
      'venv/lib/x.py': 'import subprocess\nsubprocess.call(["rsync"])\n',
      'lib/site-packages/y.py': 'import subprocess\nsubprocess.call(["ssh"])\n',
      'tests/t.py': 'import subprocess\nsubprocess.call(["zip"])\n',
      'notes.txt': 'subprocess.run(["unzip"])\n',
      'quiet.py': 'run(["tar"])\n',
    });
    expect([...spawnedCommands(ctx, 'py')].sort()).toEqual(['convert', 'git', 'pg_dump']);
  });

  it('reads no Python files for JavaScript, and no JavaScript for Python', () => {
    const ctx = new MemoryContext({
      'a.py': 'import subprocess\nsubprocess.run(["git"])\n',
      'b.js': "const { execSync } = require('child_process');\nexecSync('curl x');\n",
    });
    expect([...spawnedCommands(ctx, 'py')]).toEqual(['git']);
    expect([...spawnedCommands(ctx, 'js')]).toEqual(['curl']);
  });
});

describe('spawnedCommands for PHP', () => {
  it('reads the program-execution functions and new Process, not methods, curl_exec or tests', () => {
    const ctx = new MemoryContext({
      'index.php': "<?php\n$v = shell_exec('composer --version');\necho `ls`;\n",
      'src/Deploy.php': "<?php\nexec(\"git pull\");\n$p = new Process(['unzip', 'a.zip']);\n",
      'src/Db.php':
        "<?php\n$pdo->exec('CREATE TABLE `tar` (id int)');\nProcess::exec('zip');\ncurl_exec($ch);\n",
      'lib/helpers.inc': "<?php\npassthru('/usr/bin/convert a.png b.jpg');\n",
      'tests/DeployTest.php': "<?php\nsystem('wget x');\n",
      'src/DeployTest.php': "<?php\nsystem('rsync x');\n",
      'vendor/pkg/x.php': "<?php\nproc_open('ssh', [], $p);\n",
    });
    expect([...spawnedCommands(ctx, 'php')].sort()).toEqual([
      'composer',
      'convert',
      'git',
      'unzip',
    ]);
  });
});
