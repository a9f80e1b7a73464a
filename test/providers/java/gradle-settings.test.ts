// The projects a settings.gradle(.kts) includes, read only where plain; every other way to
// add, move or configure projects is a reason (the Spring Boot start rewrite then declines).
import { readSettings, stripComments } from '../../../src/providers/java/gradle-settings';

describe('readSettings', () => {
  it.each([
    ["rootProject.name = 'a'\ninclude 'x'\n", ['x']],
    ["include 'x', ':y'\ninclude(\"z\")\n", ['x', 'y', 'z']],
    ["include 'x',\n    'y'\ninclude 'z'\n", ['x', 'y', 'z']],
    ['include(\n    ":x",\n    ":y",\n)\n', ['x', 'y']],
    ["include(['x', 'y'])\n", ['x', 'y']],
    // A nested path makes its parents projects too.
    ["include ':a:b:c'\n", ['a', 'a:b', 'a:b:c']],
    // Comments are no statements; a string holding // is no comment.
    [
      "// include 'x'\n/*\ninclude 'y'\n*/\npluginManagement { repositories { maven { url 'https://r.example/m2' } } }\ninclude 'z' // the app\n",
      ['z'],
    ],
    ["rootProject.name = 'only'\n", []],
  ])('%j', (text, projects) => {
    expect(readSettings(text, 'settings.gradle')).toMatchObject({ projects });
  });

  it.each([
    ["includeBuild '../lib'\n", 'includes another build (includeBuild)'],
    ["includeFlat 'x'\n", 'includeFlat'],
    ["include 'x'\nproject(':x').projectDir = new File('y')\n", 'projectDir'],
    ["include 'x'\nproject(':x').buildFileName = 'x.gradle'\n", 'buildFileName'],
    ["include 'x'\nproject(':x').name = 'y'\n", 'renames projects'],
    ["rootProject.children.each { it.name = 'y' }\n", 'renames projects'],
    ['gradle.allprojects { }\n', 'configures the projects (allprojects)'],
    ["apply from: 'more.gradle'\n", 'applies a script or plugin (from)'],
    ['include modules\n', 'cannot read (`include modules`'],
    ['include(*names.toTypedArray())\n', 'cannot read'],
    ["include 'x',, 'y'\n", 'cannot read'],
    ['include "a${x}"\n', 'cannot read'],
  ])('%j is not read', (text, why) => {
    const r = readSettings(text, 'settings.gradle');
    expect(typeof r).toBe('string');
    expect(r).toContain(why);
  });

  it('keeps the positions of the text it blanks', () => {
    const t = "a // b\n/* c\nd */ 'e // f'";
    expect(stripComments(t)).toBe("a     \n    \n     'e // f'");
  });
});
