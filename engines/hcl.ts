/**
 * The part of Terraform's expression language that our synthesized `cdk.tf.json` uses, evaluated as
 * Terraform 1.11 does, so the engine tests can apply a stack without Terraform's binary (its
 * providers cannot be had here). Anything outside this part throws {@link UnsupportedExpression},
 * never a guess: the harness then fails and names the expression.
 *
 * Supported, inside `${...}` of a JSON-syntax string template: string, number, bool and null
 * literals; object (`{"k" = v, ...}`) and tuple (`[a, b]`) constructors; references to resource
 * attributes (`type.name.attr`, `[0]` indexes), resolved by the caller; the functions `jsonencode`
 * and `sha256`. Template escapes `$${` and `%%{` give a literal `${` and `%{`; a `%{` directive is
 * unsupported.
 *
 * Terraform's `jsonencode` (cty's JSON marshalling) writes object keys in lexical order, no spaces,
 * and escapes `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`
 * (seen with `terraform console`, Terraform v1.11.4, 2026-12-07; the tests hold those outputs).
 */
import { createHash } from 'node:crypto';

/** An expression the harness does not evaluate. */
export class UnsupportedExpression extends Error {}

/** A value of the language: JSON's kinds. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** Resolves a reference such as `helm_release.x.name` (its parts: `["helm_release", "x", "name"]`, indexes as numbers). */
export type Resolver = (parts: readonly (string | number)[]) => Value;

/** Terraform's `jsonencode`. */
export function jsonencode(value: Value): string {
  const encode = (v: Value): string => {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map(encode).join(',')}]`;
    if (typeof v === 'object') {
      const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((k) => `${encodeString(k)}:${encode(v[k])}`).join(',')}}`;
    }
    if (typeof v === 'string') return encodeString(v);
    return JSON.stringify(v);
  };
  return encode(value);
}

function encodeString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  jsonencode: (args) => jsonencode(one('jsonencode', args)),
  sha256: (args) => {
    const s = one('sha256', args);
    if (typeof s !== 'string') throw new UnsupportedExpression(`sha256 of a ${typeof s}`);
    return createHash('sha256').update(s, 'utf8').digest('hex');
  },
};

function one(name: string, args: Value[]): Value {
  if (args.length !== 1) throw new UnsupportedExpression(`${name} takes 1 argument, got ${args.length}`);
  return args[0];
}

/**
 * Evaluates a JSON-syntax string template: literal text with `${expr}` interpolations. A template
 * that is exactly one interpolation yields that expression's value (any type), as in Terraform.
 * @throws UnsupportedExpression for anything outside the supported part.
 */
export function evaluateTemplate(template: string, resolve: Resolver): Value {
  const parser = new Parser(template, resolve);
  return parser.template(undefined);
}

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly resolve: Resolver,
  ) {}

  /** A template up to `end` (a closing quote) or the end of the text. */
  template(end: '"' | undefined): Value {
    const parts: { value: Value; interpolated: boolean }[] = [];
    let literal = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (end && c === end) break;
      if (this.text.startsWith('$${', this.pos) || this.text.startsWith('%%{', this.pos)) {
        literal += `${c}{`;
        this.pos += 3;
      } else if (this.text.startsWith('${', this.pos)) {
        if (literal) parts.push({ value: literal, interpolated: false });
        literal = '';
        this.pos += 2;
        const value = this.expression();
        this.skipSpace();
        this.expect('}');
        parts.push({ value, interpolated: true });
      } else if (this.text.startsWith('%{', this.pos)) {
        throw new UnsupportedExpression(`template directive at "${this.text.slice(this.pos, this.pos + 30)}"`);
      } else if (end && c === '\\') {
        literal += this.escape();
      } else {
        literal += c;
        this.pos += 1;
      }
    }
    if (literal) parts.push({ value: literal, interpolated: false });
    if (parts.length === 1 && parts[0].interpolated) return parts[0].value;
    return parts.map((p) => this.asString(p.value)).join('');
  }

  private asString(v: Value): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new UnsupportedExpression(`a ${v === null ? 'null' : Array.isArray(v) ? 'tuple' : 'object'} inside a string template`);
  }

  private escape(): string {
    const next = this.text[this.pos + 1];
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (next in simple) {
      this.pos += 2;
      return simple[next];
    }
    const long = next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (long) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + long);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== long) throw new UnsupportedExpression(`bad escape \\${next}${hex}`);
      this.pos += 2 + long;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    throw new UnsupportedExpression(`unknown escape \\${next}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos += 1;
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) {
      throw new UnsupportedExpression(`expected "${c}" at "${this.text.slice(this.pos, this.pos + 30)}"`);
    }
    this.pos += 1;
  }

  expression(): Value {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '"') {
      this.pos += 1;
      const s = this.template('"');
      this.expect('"');
      return s;
    }
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    const ident = this.identifier();
    if (ident === undefined) throw new UnsupportedExpression(`expression at "${this.text.slice(this.pos, this.pos + 30)}"`);
    this.skipSpace();
    if (this.text[this.pos] === '(') return this.call(ident);
    if (ident === 'true' || ident === 'false') return ident === 'true';
    if (ident === 'null') return null;
    return this.reference(ident);
  }

  private identifier(): string | undefined {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private call(name: string): Value {
    const fn = FUNCTIONS[name];
    if (!fn) throw new UnsupportedExpression(`function ${name}()`);
    this.expect('(');
    const args = this.list(')');
    return fn(args);
  }

  private list(close: string): Value[] {
    const items: Value[] = [];
    this.skipSpace();
    while (this.text[this.pos] !== close) {
      items.push(this.expression());
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos += 1;
      else if (this.text[this.pos] !== close) throw new UnsupportedExpression(`expected "," or "${close}" at ${this.pos}`);
      this.skipSpace();
    }
    this.pos += 1;
    return items;
  }

  private tuple(): Value {
    this.expect('[');
    return this.list(']');
  }

  private object(): Value {
    this.expect('{');
    const out: Record<string, Value> = {};
    this.skipSpace();
    while (this.text[this.pos] !== '}') {
      const key = this.text[this.pos] === '"' ? this.expression() : this.identifier();
      if (typeof key !== 'string') throw new UnsupportedExpression(`object key at ${this.pos}`);
      this.skipSpace();
      if (this.text[this.pos] !== '=' && this.text[this.pos] !== ':') throw new UnsupportedExpression(`expected "=" at ${this.pos}`);
      this.pos += 1;
      out[key] = this.expression();
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos += 1;
      this.skipSpace();
    }
    this.pos += 1;
    return out;
  }

  private reference(first: string): Value {
    const parts: (string | number)[] = [first];
    for (;;) {
      if (this.text[this.pos] === '.') {
        this.pos += 1;
        const next = this.identifier();
        if (next === undefined) throw new UnsupportedExpression(`reference ${parts.join('.')}.`);
        parts.push(next);
      } else if (this.text[this.pos] === '[') {
        const m = /^\[(\d+)\]/.exec(this.text.slice(this.pos));
        if (!m) throw new UnsupportedExpression(`index in ${parts.join('.')}`);
        this.pos += m[0].length;
        parts.push(Number(m[1]));
      } else {
        break;
      }
    }
    if (parts.length < 3) throw new UnsupportedExpression(`reference ${parts.join('.')}`);
    return this.resolve(parts);
  }
}
