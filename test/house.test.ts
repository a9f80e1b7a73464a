// The house rules of issue 16, measured on src/ with the TypeScript compiler: no source file
// over 600 lines, no function (declaration, expression, arrow, method, accessor, constructor)
// over 150 lines, and no import cycle among the modules (static imports, re-exports and
// require() of relative paths; `import type` is erased and does not count). A failure lists
// every offender with its size, so the message is the to-do list.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ROOT } from './helpers';

const SRC = path.join(ROOT, 'src');
const MAX_FILE_LINES = 600;
const MAX_FUNCTION_LINES = 150;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(full);
      return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

const files = sourceFiles(SRC);
const parsed = new Map(
  files.map((f) => [
    f,
    ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true),
  ]),
);
const rel = (f: string): string => path.relative(ROOT, f);

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line + 1;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

function functionName(n: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (n.name) return n.name.getText(sf);
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  const parent = n.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(sf);
  }
  return '(anonymous)';
}

interface Sized {
  where: string;
  lines: number;
}

function longFunctions(): Sized[] {
  const found: Sized[] = [];
  for (const [file, sf] of parsed) {
    const visit = (n: ts.Node): void => {
      if (isFunctionLike(n)) {
        const start = lineOf(sf, n.getStart(sf));
        const lines = lineOf(sf, n.getEnd()) - start + 1;
        if (lines > MAX_FUNCTION_LINES) {
          found.push({ where: `${rel(file)}:${start} ${functionName(n, sf)}`, lines });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

function longFiles(): Sized[] {
  return [...parsed]
    .map(([file, sf]) => ({ where: rel(file), lines: sf.text.split('\n').length - 1 }))
    .filter((s) => s.lines > MAX_FILE_LINES);
}

/** The src/ module a relative specifier names, or null (a package, data, a missing file). */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (parsed.has(candidate)) return candidate;
  }
  return null;
}

/** What each module loads when it runs: imports and re-exports (not type-only), require(). */
function runtimeImports(sf: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      if (!n.importClause?.isTypeOnly) specifiers.push(n.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier) {
      if (!n.isTypeOnly && ts.isStringLiteral(n.moduleSpecifier)) {
        specifiers.push(n.moduleSpecifier.text);
      }
    } else if (
      ts.isImportEqualsDeclaration(n) &&
      ts.isExternalModuleReference(n.moduleReference) &&
      ts.isStringLiteral(n.moduleReference.expression)
    ) {
      specifiers.push(n.moduleReference.expression.text);
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === 'require')) &&
      n.arguments.length === 1 &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      specifiers.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return specifiers;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, sf] of parsed) {
    const targets = runtimeImports(sf)
      .map((s) => resolve(file, s))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one module, or a module importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.map(rel).sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

function report(title: string, offenders: Sized[]): string {
  const sorted = [...offenders].sort((a, b) => b.lines - a.lines);
  return [`${offenders.length} ${title}:`, ...sorted.map((o) => `  ${o.lines}\t${o.where}`)].join(
    '\n',
  );
}

describe('the house rules of src/', () => {
  it('finds the modules it measures', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain(path.join(SRC, 'runtime', 'planner.ts'));
  });

  it(`has no source file over ${MAX_FILE_LINES} lines`, () => {
    const offenders = longFiles();
    if (offenders.length)
      throw new Error(report(`file(s) over ${MAX_FILE_LINES} lines`, offenders));
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const offenders = longFunctions();
    if (offenders.length) {
      throw new Error(report(`function(s) over ${MAX_FUNCTION_LINES} lines`, offenders));
    }
  });

  it('has no import cycle', () => {
    const found = cycles(importGraph());
    if (found.length) {
      throw new Error(
        `${found.length} import cycle(s) (modules that load each other):\n` +
          found.map((c) => `  ${c.join(' <-> ')}`).join('\n'),
      );
    }
  });
});

// The measures themselves can fail: each one finds what it is meant to find.
describe('the house measures', () => {
  const probe = (text: string): ts.SourceFile =>
    ts.createSourceFile('probe.ts', text, ts.ScriptTarget.Latest, true);

  it('see imports, re-exports and require(), not type-only imports', () => {
    const sf = probe(
      "import { a } from './a';\nimport type { B } from './b';\nexport * from './c';\n" +
        "const d = require('./d');\nimport e = require('./e');\nexport type { F } from './f';\n",
    );
    expect(runtimeImports(sf)).toEqual(['./a', './c', './d', './e']);
  });

  it('find a cycle and only the modules in it', () => {
    const graph = new Map([
      ['/s/a.ts', ['/s/b.ts']],
      ['/s/b.ts', ['/s/c.ts']],
      ['/s/c.ts', ['/s/a.ts']],
      ['/s/d.ts', ['/s/a.ts']],
    ]);
    expect(cycles(graph)).toHaveLength(1);
    expect(cycles(graph)[0]).toHaveLength(3);
    expect(
      cycles(
        new Map([
          ['/s/a.ts', ['/s/b.ts']],
          ['/s/b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});
