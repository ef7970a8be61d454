import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export type YamlPath = readonly (string | number)[];

/** One problem in the content, located at a line of a file. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** A parsed YAML content file that can say on which line any value (or key) of it stands. */
export class YamlFile {
  private constructor(
    /** As shown in messages: relative to the working directory. */
    readonly display: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static parse(display: string, text: string): YamlFile {
    const lines = new LineCounter();
    // Duplicate keys are errors (uniqueKeys); YAML 1.2 core schema: 2019-01 stays a string.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    return new YamlFile(display, doc, lines);
  }

  syntaxProblems(): ContentProblem[] {
    return this.doc.errors.map((e) => ({
      file: this.display,
      line: e.linePos?.[0]?.line ?? this.lines.linePos(e.pos[0]).line,
      message: `invalid YAML: ${e.message.split('\n')[0]}`,
    }));
  }

  data(): unknown {
    return this.doc.toJS({ maxAliasCount: 0 });
  }

  /**
   * The line of the value at `path` (or of its key, with key: true). When the path does not
   * exist, the line of its deepest existing ancestor: a missing field is reported where its
   * parent starts.
   */
  line(path: YamlPath, options: { key?: boolean } = {}): number {
    let node: unknown = this.doc.contents;
    let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value === segment : p.key === segment));
        if (!pair) break;
        const keyOffset = isNode(pair.key) ? pair.key.range?.[0] : undefined;
        if (keyOffset !== undefined) offset = keyOffset;
        if (last && options.key) break;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        break;
      }
      if (isNode(node) && node.range) offset = node.range[0];
      else if (!node) break;
    }
    return this.lines.linePos(offset).line;
  }
}
