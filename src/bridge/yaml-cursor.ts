import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';

/** A config file problem: says where (file and line) and what, and never quotes a secret. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly problem: string) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * A position in the parsed YAML document. Validation walks the document's nodes instead of the plain
 * value so that every complaint can name the line it is about.
 */
export class Cursor {
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    readonly node: Node | null,
    /** Dotted path for messages, e.g. `stations[0].polling.interval`. */
    readonly path: string,
    /** Where to point when the node itself has no position (a missing key points at its parent). */
    private readonly fallbackOffset = 0,
  ) {}

  static parse(file: string, text: string): Cursor {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: false });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
      const line = problem.linePos?.[0]?.line;
      throw new ConfigError(file, line, `not valid YAML: ${problem.message.split(' at line')[0]}`);
    }
    return new Cursor(file, lines, (doc.contents ?? null) as Node | null, '');
  }

  line(): number {
    const offset = this.node?.range?.[0] ?? this.fallbackOffset;
    return this.lines.linePos(offset).line;
  }

  fail(problem: string): never {
    throw new ConfigError(this.file, this.line(), this.path ? `${this.path}: ${problem}` : problem);
  }

  private child(node: Node | null, path: string, offset: number): Cursor {
    if (node && isAlias(node)) {
      // Anchors would let one secret-bearing block be reused in surprising places; keep the format plain.
      throw new ConfigError(this.file, this.lines.linePos(node.range?.[0] ?? offset).line, `${path}: YAML aliases (*name) are not supported here`);
    }
    return new Cursor(this.file, this.lines, node, path, offset);
  }

  get present(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  /** Checks that this is a mapping whose keys are all known, and answers its pairs by key. */
  map(known: readonly string[], what = 'a mapping'): Map<string, Cursor> {
    if (!this.node || !isMap(this.node)) this.fail(`expected ${what}`);
    const out = new Map<string, Cursor>();
    for (const pair of this.node.items as Array<Pair<Node, Node | null>>) {
      const key = pair.key;
      const keyCursor = this.child(key, this.path, this.node.range?.[0] ?? 0);
      const name = isScalar(key) ? key.value : undefined;
      if (typeof name !== 'string') return keyCursor.fail('keys must be plain names');
      const path = this.path ? `${this.path}.${name}` : name;
      if (!known.includes(name)) {
        const hint = nearest(name, known);
        new Cursor(this.file, this.lines, key, path).fail(`unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${known.join(', ')}`);
      }
      out.set(name, this.child(pair.value ?? null, path, key.range?.[0] ?? 0));
    }
    return out;
  }

  /** A missing key as a cursor, so callers treat absent and present alike. */
  static missing(parent: Cursor, key: string): Cursor {
    return new Cursor(parent.file, parent.lines, null, parent.path ? `${parent.path}.${key}` : key, parent.node?.range?.[0] ?? parent.fallbackOffset);
  }

  list(): Cursor[] {
    if (!this.node || !isSeq(this.node)) this.fail('expected a list');
    return (this.node.items as Array<Node | null>).map((item, i) => this.child(item, `${this.path}[${i}]`, this.node?.range?.[0] ?? 0));
  }

  /** The scalar value, or undefined for a list or mapping (no complaint). */
  peek(): unknown {
    return this.node && isScalar(this.node) ? this.node.value : undefined;
  }

  get isMapping(): boolean {
    return !!this.node && isMap(this.node);
  }

  scalar(): unknown {
    if (!this.node) return undefined;
    if (!isScalar(this.node)) this.fail('expected a single value, not a list or mapping');
    return this.node.value;
  }

  string(): string {
    const v = this.scalar();
    if (typeof v !== 'string' || v === '') this.fail('expected a non-empty text');
    return v;
  }

  boolean(): boolean {
    const v = this.scalar();
    if (typeof v !== 'boolean') this.fail('expected true or false');
    return v;
  }

  integer(min: number, max: number): number {
    const v = this.scalar();
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(`expected a whole number from ${min} to ${max}`);
    return v;
  }

  /** The plain value (for action inputs, checked later against the action's own schema). */
  value(): unknown {
    return this.node ? (this.node as { toJSON(): unknown }).toJSON() : undefined;
  }
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
