import { parseXml, xmlChild, xmlChildren, xmlText } from '../../src/readers/xml';

describe('XML reader', () => {
  it('reads elements, attributes and entities, skipping the declaration, comments and CDATA markers', () => {
    const x = parseXml(
      '\uFEFF<?xml version="1.0"?><!-- c --><project a="1" b=\'x &lt; y\'><name>a &amp; b</name><d><![CDATA[<x>]]></d></project>',
    );
    expect(x?.name).toBe('project');
    expect(x?.attrs).toEqual({ a: '1', b: 'x < y' });
    expect(xmlText(x, 'name')).toBe('a & b');
    expect(xmlText(x, 'd')).toBe('<x>');
  });

  it('keeps values as written (no number or boolean conversion)', () => {
    const x = parseXml('<p><version>1.10</version><on>true</on><n v="007"/></p>');
    expect(xmlText(x, 'version')).toBe('1.10');
    expect(xmlText(x, 'on')).toBe('true');
    expect(xmlChild(x, 'n')?.attrs.v).toBe('007');
  });

  it('keeps repeated children in order, and namespaced names as written', () => {
    const x = parseXml(
      '<modules><module>a</module><x:module>skip</x:module><module>b</module></modules>',
    );
    expect(xmlChildren(x, 'module').map((m) => m.text)).toEqual(['a', 'b']);
    expect(x?.children.map((c) => c.name)).toEqual(['module', 'x:module', 'module']);
  });

  it('gives an element its own text only, not its children', () => {
    const x = parseXml('<a>one<b>inner</b>two</a>');
    expect(x?.text).toBe('onetwo');
    expect(xmlText(x, 'b')).toBe('inner');
  });

  it('walks a path of child names, null where one is missing', () => {
    const x = parseXml('<project><build><finalName> app </finalName></build></project>');
    expect(xmlText(x, 'build', 'finalName')).toBe('app');
    expect(xmlText(x, 'build', 'directory')).toBeNull();
    expect(xmlText(null, 'build')).toBeNull();
  });

  it.each([
    ['no text', null],
    ['empty', ''],
    ['not XML', 'just words'],
    ['an unfinished tag', '<project'],
    ['markup that is not an element', '<<>>'],
  ])('returns null for %s, and never throws', (_what, text) => {
    expect(parseXml(text)).toBeNull();
  });
});
