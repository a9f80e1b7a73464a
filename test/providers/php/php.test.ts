// The PHP provider: what it claims, what it must not, what it declines, and what the runtime
// stage carries (src/providers/php).
import { convert, MemoryContext } from '../../../src';
import { phpProvider } from '../../../src/providers/php';
import { detects } from '../../helpers';

const COMPOSER = JSON.stringify({
  require: { php: '^8.2', 'monolog/monolog': '^3.0' },
  autoload: { 'psr-4': { 'App\\': 'src/' } },
});
const COMPOSER_DEV = JSON.stringify({ require: {}, 'require-dev': { 'phpunit/phpunit': '^10' } });
const COMPOSER_BIN = 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n';

function run(df: string, files: Record<string, string> = { 'composer.json': COMPOSER }) {
  return convert(df, new MemoryContext(files));
}

/** The runtime stage of a converted file. */
function runtime(output: string): string {
  return output.slice(output.lastIndexOf('\nFROM ') + 1);
}

describe('php detect', () => {
  it.each([
    ['FROM php:8.3-apache\nCOPY . /var/www/html/\n', true],
    ['FROM php:8.3-fpm-alpine\nRUN docker-php-ext-install pdo_mysql\n', true],
    ['FROM debian:bookworm\nRUN composer install\n', true],
    // must NOT match
    ['FROM node:20\nRUN npm ci\n', false],
    ['FROM python:3.12\nRUN pip install -r requirements.txt\n', false],
    ['FROM phpmyadmin/phpmyadmin:5\n', false],
    ['FROM myregistry.example.com/php:8.3\n', false],
  ])('%j -> %s', (df, expected) => {
    expect(detects(phpProvider, df)).toBe(expected);
  });

  it('a composer.json alone does not claim a Dockerfile', () => {
    expect(
      detects(phpProvider, 'FROM debian:bookworm\nCOPY . /app\n', { 'composer.json': '{}' }),
    ).toBe(false);
  });
});

describe('php plan', () => {
  it('apache + composer: the same image, the app folder copied, Composer left behind', () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install --no-dev -o\nCMD ["apache2-foreground"]\n`,
    );
    expect(r.status).toBe('converted');
    const rt = runtime(r.output);
    expect(rt).toMatch(/^FROM php:8.3-apache-bookworm\n/);
    expect(rt).toContain('COPY --from=builder /var/www/html /var/www/html');
    expect(rt).not.toContain('composer');
    expect(r.warnings.map((w) => w.code)).toEqual([]);
  });

  it('docker-php-ext-install with -dev packages: extension folder, ini files and libraries', () => {
    const r = run(
      'FROM php:8.3-fpm-bookworm\nRUN apt-get update && apt-get install -y libpng-dev libpq-dev libicu-dev git \\\n && docker-php-ext-install gd pdo_pgsql intl\nCOPY . /var/www/html/\nCMD ["php-fpm"]\n',
    );
    expect(r.status).toBe('converted');
    const rt = runtime(r.output);
    expect(rt).toContain('install -y --no-install-recommends libpng16-16 libpq5 libicu72 ');
    expect(rt).not.toMatch(/-dev|git/);
    // PHP 8.3's module API names the folder: only the built files are copied.
    for (const ext of ['gd', 'pdo_pgsql', 'intl']) {
      const so = `/usr/local/lib/php/extensions/no-debug-non-zts-20230831/${ext}.so`;
      expect(rt).toContain(`COPY --from=builder ${so} ${so}`);
    }
    expect(rt).toContain('COPY --from=builder /usr/local/etc/php /usr/local/etc/php');
    expect(r.warnings.map((w) => w.code)).toEqual(['MSC176']);
  });

  it('an unpinned tag says which Debian release the library names assume', () => {
    const r = run(
      'FROM php:8.3-apache\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
    );
    expect(runtime(r.output)).toContain(' libzip5 ');
    expect(r.warnings.find((w) => w.code === 'MSC176')?.message).toContain(
      "Debian trixie's, the release php:8.3-apache is published on",
    );
  });

  // php:7.4-fpm and php:8.0-apache stopped being built on bullseye, which has neither libzip5
  // nor libicu76: installing trixie's names there stops the converted build (wild:
  // muhammedkalender/work-load, Peemima/vendor-webpush).
  it.each([
    ['php:7.4-fpm', ['libicu67', 'libzip4'], 'bullseye'],
    ['php:8.0-apache', ['libicu67', 'libzip4'], 'bullseye'],
    ['php:7.4.3-apache', ['libzip4'], 'buster'],
    ['php:8.2-apache', ['libicu76', 'libzip5'], 'trixie'],
    ['php:8.2-apache-bookworm', ['libicu72', 'libzip4'], null],
  ])(
    '%s installs the run-time libraries of the release it is published on',
    (image, libs, said) => {
      const r = run(
        `FROM ${image}\nRUN apt-get update && apt-get install -y libicu-dev libzip-dev && docker-php-ext-install intl zip\nCOPY . /var/www/html/\n`,
      );
      expect(r.status).toBe('converted');
      for (const lib of libs) expect(runtime(r.output)).toContain(` ${lib}`);
      const msg = r.warnings.find((w) => w.code === 'MSC176')?.message ?? '';
      if (said) expect(msg).toContain(`Debian ${said}'s, the release ${image} is published on`);
      else expect(msg).not.toContain('Debian release');
    },
  );

  // Peemima/vendor-webpush: index.php reports `composer --version` and `composer show` on
  // every request; the split left Composer behind and the page lost both.
  it('declines an app whose source runs Composer while it serves (MSC047)', () => {
    const r = run(
      `FROM php:8.2-apache\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install --no-dev\n`,
      { 'composer.json': COMPOSER, 'index.php': "<?php\necho shell_exec('composer show');\n" },
    );
    expect(r.status).toBe('declined');
    expect(r.code).toBe('MSC047');
    expect(r.reason).toContain('runs Composer');
  });

  it('keeps an OS tool the build installed when the source runs it', () => {
    const df = `FROM php:8.2-apache\nRUN apt-get update && apt-get install -y git unzip libzip-dev && docker-php-ext-install zip\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install --no-dev\n`;
    const kept = run(df, { 'composer.json': COMPOSER, 'deploy.php': '<?php\nexec("git pull");\n' });
    expect(kept.status).toBe('converted');
    expect(runtime(kept.output)).toMatch(/install -y --no-install-recommends .*\bgit\b/);
    const plain = run(df, { 'composer.json': COMPOSER, 'index.php': '<?php\necho 1;\n' });
    expect(runtime(plain.output)).not.toMatch(/\bgit\b/);
  });

  it('a version the release table does not know assumes the newest release and says so', () => {
    const r = run(
      'FROM php:9.9-apache\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nCOPY . /var/www/html/\n',
    );
    expect(runtime(r.output)).toContain(' libzip5 ');
    expect(r.warnings.find((w) => w.code === 'MSC176')?.message).toContain('assume trixie');
  });

  it('pecl install + docker-php-ext-enable is carried like docker-php-ext-install', () => {
    const r = run(
      `FROM php:8.3-cli-bookworm\nRUN pecl install redis-6.0.2 && docker-php-ext-enable redis\n${COMPOSER_BIN}WORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD ["php", "worker.php"]\n`,
    );
    expect(r.status).toBe('converted');
    expect(r.explanation?.copies.map((c) => c.src)).toEqual([
      '/app',
      '/usr/local/lib/php/extensions/no-debug-non-zts-20230831/redis.so',
      '/usr/local/etc/php',
    ]);
  });

  it.each([
    [
      'a tag without the minor version',
      'FROM php:8-apache\nRUN apt-get update && apt-get install -y git && docker-php-ext-install pdo_mysql\n',
    ],
    [
      'phpize + make install',
      'FROM php:8.3-apache\nRUN apt-get update && apt-get install -y git\nRUN cd /tmp/ext && phpize && ./configure && make install && docker-php-ext-enable myext\n',
    ],
  ])('%s: the whole extension folder is copied', (_name, head) => {
    const r = run(`${head}COPY . /var/www/html/\nCMD ["apache2-foreground"]\n`);
    expect(r.status).toBe('converted');
    expect(runtime(r.output)).toContain(
      'COPY --from=builder /usr/local/lib/php/extensions /usr/local/lib/php/extensions\n',
    );
  });

  it('an extension built on Debian with nothing else installed gains nothing (MSC006)', () => {
    // The Debian images keep PHPIZE_DEPS, so only the .so differs: the runtime would be the same.
    const r = run(
      'FROM php:8.3-apache\nRUN docker-php-ext-install pdo_mysql\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
    );
    expect(r.code).toBe('MSC006');
  });

  it('a2enmod and sed on the Apache configuration: /etc/apache2 copied whole', () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}RUN a2enmod rewrite\nENV APACHE_DOCUMENT_ROOT=/var/www/html/public\nRUN sed -ri -e 's!/var/www/html!\${APACHE_DOCUMENT_ROOT}!g' /etc/apache2/sites-available/*.conf\nCOPY . /var/www/html/\nRUN composer install --no-dev\nCMD ["apache2-foreground"]\n`,
    );
    expect(r.status).toBe('converted');
    expect(runtime(r.output)).toContain('COPY --from=builder /etc/apache2 /etc/apache2');
  });

  it("a2dissite: the Apache configuration replaces the image's, so the disabled site stays off", () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}COPY site.conf /etc/apache2/sites-available/\nRUN a2dissite 000-default && a2ensite site\nCOPY . /var/www/html/\nRUN composer install --no-dev\nCMD ["apache2-foreground"]\n`,
      { 'composer.json': COMPOSER, 'site.conf': '<VirtualHost *:80></VirtualHost>\n' },
    );
    const rt = runtime(r.output);
    expect(rt).toContain('RUN rm -rf /etc/apache2\n');
    expect(rt.indexOf('RUN rm -rf /etc/apache2')).toBeLessThan(
      rt.indexOf('COPY --from=builder /etc/apache2 /etc/apache2'),
    );
  });

  it("usermod -u 1000 www-data: the runtime takes the builder's user database", () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}RUN usermod -u 1000 www-data && groupmod -g 1000 www-data\nCOPY --chown=www-data . /var/www/html/\nRUN composer install --no-dev\nCMD ["apache2-foreground"]\n`,
    );
    expect(runtime(r.output)).toContain('COPY --from=builder /etc/passwd /etc/passwd');
    expect(runtime(r.output)).toContain('COPY --from=builder /etc/group /etc/group');
  });

  it('php.ini-production copied into place: the PHP configuration is copied', () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}RUN cp "$PHP_INI_DIR/php.ini-production" "$PHP_INI_DIR/php.ini"\nCOPY . /var/www/html/\nRUN composer install --no-dev\nCMD ["apache2-foreground"]\n`,
    );
    expect(runtime(r.output)).toContain(
      'COPY --from=builder /usr/local/etc/php /usr/local/etc/php',
    );
  });

  it('Laravel: storage and bootstrap/cache keep the owner the build gave them (the folder is copied whole)', () => {
    const r = run(
      `FROM php:8.3-fpm-bookworm\n${COMPOSER_BIN}WORKDIR /var/www/html\nCOPY . .\nRUN composer install --no-dev --optimize-autoloader \\\n && php artisan config:cache \\\n && chown -R www-data:www-data storage bootstrap/cache\nUSER www-data\nCMD ["php-fpm"]\n`,
      { 'composer.json': COMPOSER, artisan: '<?php' },
    );
    expect(r.status).toBe('converted');
    const rt = runtime(r.output);
    expect(rt).toContain('COPY --from=builder /var/www/html /var/www/html');
    expect(rt).toContain('USER www-data');
  });

  it('composer install without --no-dev: MSC175 when composer.json has require-dev', () => {
    const df = `FROM php:8.3-cli-bookworm\n${COMPOSER_BIN}WORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php","app.php"]\n`;
    expect(run(df, { 'composer.json': COMPOSER_DEV }).warnings.map((w) => w.code)).toEqual([
      'MSC175',
    ]);
    expect(run(df, { 'composer.json': COMPOSER }).warnings.map((w) => w.code)).toEqual([]);
  });

  it('a Node frontend build: node_modules and nodejs/npm stay in the builder', () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\nRUN apt-get update && apt-get install -y nodejs npm\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install --no-dev && npm ci && npm run build\nCMD ["apache2-foreground"]\n`,
      { 'composer.json': COMPOSER, 'package.json': '{"scripts":{"build":"vite build"}}' },
    );
    expect(r.status).toBe('converted');
    expect(r.output).toContain('FROM builder AS php-app\nRUN rm -rf /var/www/html/node_modules\n');
    const rt = runtime(r.output);
    expect(rt).toContain('COPY --from=php-app /var/www/html /var/www/html');
    expect(rt).not.toMatch(/nodejs|npm/);
  });

  it.each([
    ['php:8.2-apache', 'converted'],
    ['php:8.2-fpm-alpine', 'converted'],
    // The cli image's own CMD is an interactive shell: no app is served.
    ['php:8.2-cli', 'declined'],
  ])('%s without CMD: the image serves the app (the runtime keeps its CMD)', (image, status) => {
    const r = run(
      `FROM ${image}\n${COMPOSER_BIN}WORKDIR /var/www/html\nCOPY . .\nRUN composer install --no-dev\n`,
    );
    expect(r.status).toBe(status);
    if (status === 'converted') expect(runtime(r.output)).not.toMatch(/CMD|ENTRYPOINT/);
    else expect(r.code).toBe('MSC006');
  });

  it('Composer installed with apt stays in the builder', () => {
    const r = run(
      'FROM php:8.2-cli-bookworm\nRUN apt-get update && apt-get install -y composer\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD ["php","a.php"]\n',
    );
    expect(r.status).toBe('converted');
    expect(runtime(r.output)).not.toContain('composer');
  });

  it('an entrypoint script copied into /usr/local/bin is carried as a file', () => {
    const r = run(
      `FROM php:8.3-apache-bookworm\n${COMPOSER_BIN}COPY docker-entrypoint.sh /usr/local/bin/\nCOPY . /var/www/html/\nRUN composer install --no-dev\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["apache2-foreground"]\n`,
      {
        'composer.json': COMPOSER,
        'docker-entrypoint.sh': '#!/bin/sh\nphp artisan migrate --force\nexec "$@"\n',
      },
    );
    expect(r.status).toBe('converted');
    expect(runtime(r.output)).toContain(
      'COPY --from=builder /usr/local/bin/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh',
    );
  });

  it('--runtime slim cannot run PHP', () => {
    const r = convert(
      `FROM php:8.3-cli\n${COMPOSER_BIN}WORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD ["php","a.php"]\n`,
      new MemoryContext({ 'composer.json': COMPOSER }),
      { runtime: 'slim' },
    );
    expect(r.code).toBe('MSC011');
  });
});

describe('php: a split that would leave only Composer behind', () => {
  const df = `FROM php:8.2-apache\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install\n`;
  const dev = JSON.stringify({
    require: { php: '>=8.0' },
    'require-dev': { 'phpunit/phpunit': '^10' },
  });

  it('composer.json requires only PHP and extensions: declined with the reason (MSC006)', () => {
    const platform = JSON.stringify({ require: { php: '>=8.0', 'ext-json': '*' } });
    const r = run(df, { 'composer.json': platform });
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code: 'MSC006' });
    expect(r.reason).toMatch(/Composer installs no package here/);
  });

  it('a package to download, or require-dev the install keeps, is a gain again', () => {
    expect(run(df).status).toBe('converted');
    expect(run(df, { 'composer.json': dev }).status).toBe('converted');
    const noDev = df.replace('composer install', 'composer install --no-dev');
    expect(run(noDev, { 'composer.json': dev }).code).toBe('MSC006');
  });
});

describe('php declines', () => {
  it.each([
    [
      'nothing built (MSC006)',
      'FROM php:8.3-apache\nCOPY . /var/www/html/\nRUN a2enmod rewrite\nCMD ["apache2-foreground"]\n',
      'MSC006',
    ],
    [
      'install-php-extensions (MSC045)',
      'FROM php:8.3-apache\nRUN install-php-extensions gd\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
      'MSC045',
    ],
    [
      'app copied into /usr/src (MSC046)',
      `FROM php:8.3-cli\n${COMPOSER_BIN}COPY . /usr/src/\nWORKDIR /usr/src\nRUN composer install\nCMD ["php","a.php"]\n`,
      'MSC046',
    ],
    [
      'composer install at start (MSC005)',
      `FROM php:8.3-cli\n${COMPOSER_BIN}WORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD composer install && php a.php\n`,
      'MSC005',
    ],
    [
      'composer script at start (MSC047)',
      `FROM php:8.3-cli\n${COMPOSER_BIN}WORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD ["composer","start"]\n`,
      'MSC047',
    ],
    [
      'entrypoint edited in place (MSC048)',
      `FROM php:8.3-apache\n${COMPOSER_BIN}COPY . /var/www/html/\nRUN composer install --no-dev && sed -i 's/a/b/' /usr/local/bin/docker-php-entrypoint\nCMD ["apache2-foreground"]\n`,
      'MSC048',
    ],
    [
      'a crontab installed into the spool (MSC048)',
      `FROM php:8.3-cli\n${COMPOSER_BIN}RUN apt-get update && apt-get install -y cron\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev && crontab /app/crontab\nCMD ["cron", "-f"]\n`,
      'MSC048',
    ],
    [
      'PHP from Debian packages (MSC049)',
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y php-cli composer\nWORKDIR /app\nCOPY . .\nRUN composer install --no-dev\nCMD ["php","a.php"]\n',
      'MSC049',
    ],
  ])('%s', (_name, df, code) => {
    const r = run(df);
    expect({ status: r.status, code: r.code }).toEqual({ status: 'declined', code });
  });
});
