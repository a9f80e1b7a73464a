// The one XML reader (pom.xml, MSBuild project files, Directory.Build.props). fast-xml-parser
// does the parsing (entities, CDATA, comments, processing instructions, DOCTYPE); this module
// turns its ordered output into a small element tree the providers walk. It is loaded on first
// use, so runs that read no XML file do not pay for it.

/** An element: its name, attributes, child elements and its own text (CDATA included). */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

type Ordered = Record<string, unknown>;

let parser: { parse(text: string): unknown } | null = null;

function load(): { parse(text: string): unknown } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser } = require('fast-xml-parser') as typeof import('fast-xml-parser');
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
}

function toNode(name: string, item: Ordered): XmlNode {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries((item[':@'] as Ordered | undefined) ?? {}))
    attrs[k] = String(v);
  const node: XmlNode = { name, attrs, children: [], text: '' };
  for (const child of (item[name] as Ordered[] | undefined) ?? []) {
    if ('#text' in child) node.text += String(child['#text']);
    else {
      const n = elementName(child);
      if (n) node.children.push(toNode(n, child));
    }
  }
  return node;
}

// What an XML name looks like here; anything else the parser let through is not an element.
const NAME = /^[A-Za-z_][\w.:-]*$/;

/** The element name of an ordered entry (its one key besides the attributes), or null. */
function elementName(item: Ordered): string | null {
  const key = Object.keys(item).find((k) => k !== ':@');
  return key !== undefined && NAME.test(key) ? key : null;
}

/** The document's root element, or null when there is no text or it is not readable XML. */
export function parseXml(src: string | null): XmlNode | null {
  if (src === null) return null;
  parser ??= load();
  let doc: unknown;
  try {
    doc = parser.parse(src.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!Array.isArray(doc)) return null;
  for (const item of doc as Ordered[]) {
    const name = elementName(item);
    if (name) return toNode(name, item);
  }
  return null;
}

export function xmlChild(node: XmlNode | null | undefined, name: string): XmlNode | null {
  return node?.children.find((c) => c.name === name) ?? null;
}

export function xmlChildren(node: XmlNode | null | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** Trimmed text of the element at a path of child names, or null. */
export function xmlText(node: XmlNode | null | undefined, ...names: string[]): string | null {
  let cur: XmlNode | null | undefined = node;
  for (const n of names) cur = xmlChild(cur, n);
  return cur ? cur.text.trim() : null;
}
