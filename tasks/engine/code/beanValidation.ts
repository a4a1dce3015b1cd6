import { isSafeTokenPattern } from './guards';
import { field, kids, normaliseType, SAFE_TYPES, type Node } from './syntax';

/**
 * Bean Validation (javax.validation / jakarta.validation) `@Pattern` constraints, read from Java
 * syntax. `@Pattern(regexp = "...")` admits only strings the regexp matches whole (the validator
 * calls Matcher.matches), wherever it sits: on a field, a parameter, a method (its return value)
 * or a type use (`List<@Pattern(...) String>`). When the regexp admits only letters, digits, `_`
 * and `-` (guards' isSafeTokenPattern, which judges `s.matches("[a-zA-Z0-9_-]+")` the same way),
 * the value can carry no path, URL, markup, quote or shell syntax: an allow-list check done by
 * the framework. A looser regexp (`.*`) clears nothing.
 */

/** Reads an annotation argument as the string it holds (a literal, a constant, a concatenation of them). */
export type StringOf = (n: Node) => string | undefined;

const QUALIFIED = /^(?:javax|jakarta)\.validation\.constraints\.Pattern$/;
const QUALIFIED_LIST = /^(?:javax|jakarta)\.validation\.constraints\.Pattern\.List$/;
const IMPORT = /^import\s+(?:javax|jakarta)\s*\.\s*validation\s*\.\s*constraints\s*\.\s*(?:Pattern|\*)\s*;$/;

/** Per parse: whether the file imports the constraint's simple name, and whether it names `Pattern` at all. */
const fileFacts = new WeakMap<Node, { imported: boolean; mentions: boolean }>();

function factsOf(root: Node, text: string): { imported: boolean; mentions: boolean } {
  let f = fileFacts.get(root);
  if (!f) {
    // `@Pattern` or `@javax.validation.constraints.Pattern`, with spaces allowed around the dots.
    const mentions = /@\s*(?:[\w.\s]*\.\s*)?Pattern\b/.test(text);
    const imported = mentions && kids(root).some((c) => c.type === 'import_declaration' && IMPORT.test(c.text.replace(/\s+/g, ' ').trim()));
    f = { imported, mentions };
    fileFacts.set(root, f);
  }
  return f;
}

/** Whether any `@Pattern` constraint can be in this Java file (a cheap test before the readings below). */
export function mayConstrain(root: Node, text: string): boolean {
  return factsOf(root, text).mentions;
}

export class BeanConstraints {
  private readonly imported: boolean;

  constructor(root: Node, text: string, private readonly stringOf: StringOf) {
    this.imported = factsOf(root, text).imported;
  }

  /** `@Pattern(regexp = ...)` with a token-only regexp, or `@Pattern.List({...})` holding one (all must match). */
  annotationClears(a: Node): boolean {
    if (a.type !== 'annotation') return false;
    const name = field(a, 'name')?.text.replace(/\s+/g, '') ?? '';
    const args = field(a, 'arguments');
    if (!args) return false;
    if (QUALIFIED_LIST.test(name) || (this.imported && name === 'Pattern.List')) {
      const values = kids(args).flatMap((c) => (c.type === 'element_value_pair' ? (field(c, 'key')?.text === 'value' ? [field(c, 'value')] : []) : [c]));
      return values.some((v) => !!v && (v.type === 'element_value_array_initializer' ? kids(v) : [v]).some((x) => this.annotationClears(x)));
    }
    if (!QUALIFIED.test(name) && !(this.imported && name === 'Pattern')) return false;
    // A constraint in named groups (`groups = Strict.class`) is checked only when a validation
    // asks for those groups; the default validation (`@Valid`) skips it.
    if (kids(args).some((p) => p.type === 'element_value_pair' && field(p, 'key')?.text === 'groups' && !/^(?:\{\s*\}|(?:[\w.]*\.)?Default\.class)$/.test(field(p, 'value')?.text.replace(/\s+/g, '') ?? ''))) return false;
    for (const p of kids(args)) {
      if (p.type !== 'element_value_pair' || field(p, 'key')?.text !== 'regexp') continue;
      const v = field(p, 'value');
      const regexp = v ? this.stringOf(v) : undefined;
      // As a string literal, which is how guards reads a pattern written in place.
      return regexp !== undefined && isSafeTokenPattern(JSON.stringify(regexp), 'full');
    }
    return false;
  }

  /** A declaration (field, parameter, method) whose modifiers carry such a constraint. */
  private declarationClears(decl: Node): boolean {
    const mods = kids(decl).find((c) => c.type === 'modifiers');
    return !!mods && kids(mods).some((a) => this.annotationClears(a));
  }

  /**
   * A type every string of which is constrained: `@Pattern(...) String`, or a collection, map,
   * optional or array whose element types all are (or hold no text: `Map<Integer, @Pattern String>`).
   */
  typeClears(type: Node | null, depth = 0): boolean {
    if (!type || depth > 6) return false;
    switch (type.type) {
      case 'annotated_type': {
        if (kids(type).some((a) => this.annotationClears(a))) return true;
        const inner = kids(type).find((c) => c.type !== 'annotation' && c.type !== 'marker_annotation');
        return this.typeClears(inner ?? null, depth + 1);
      }
      case 'generic_type': {
        const args = kids(type).find((c) => c.type === 'type_arguments');
        const items = args ? kids(args) : [];
        return items.length > 0 && items.some((t) => this.typeClears(t, depth + 1)) && items.every((t) => this.typeClears(t, depth + 1) || SAFE_TYPES.test(normaliseType(t.text)));
      }
      case 'array_type':
        return this.typeClears(field(type, 'element'), depth + 1);
      default:
        return false;
    }
  }

  /** A formal parameter constrained by its annotations or its type. */
  parameterClears(p: Node): boolean {
    return this.declarationClears(p) || this.typeClears(field(p, 'type'));
  }

  /** A method whose return value is constrained (an annotation on the method, or its return type). */
  methodClears(m: Node): boolean {
    return m.type === 'method_declaration' && (this.declarationClears(m) || this.typeClears(field(m, 'type')));
  }

  /** A field declaration whose values are constrained. */
  fieldDeclarationClears(decl: Node): boolean {
    return decl.type === 'field_declaration' && (this.declarationClears(decl) || this.typeClears(field(decl, 'type')));
  }
}

/** The formal parameter named `name` of a Java method, constructor or lambda. */
export function formalParameter(fn: Node, name: string): Node | undefined {
  const list = field(fn, 'parameters');
  if (!list || list.type !== 'formal_parameters') return undefined;
  return kids(list).find((p) => (p.type === 'formal_parameter' || p.type === 'spread_parameter') && field(p, 'name')?.text === name);
}

/** The declaration of field `key` in a class body (its `field_declaration`). */
export function fieldDeclaration(cls: Node, key: string): Node | undefined {
  const body = field(cls, 'body');
  for (const m of body ? kids(body) : []) {
    if (m.type !== 'field_declaration') continue;
    if (kids(m).some((d) => d.type === 'variable_declarator' && field(d, 'name')?.text === key)) return m;
  }
  return undefined;
}

/** A class's own methods named `name` taking `arity` parameters. */
export function methodsOf(cls: Node, name: string, arity: number): Node[] {
  const body = field(cls, 'body');
  const arityOf = (m: Node): number => {
    const ps = field(m, 'parameters');
    return ps ? kids(ps).filter((p) => p.type === 'formal_parameter').length : -1;
  };
  return (body ? kids(body) : []).filter((m) => m.type === 'method_declaration' && field(m, 'name')?.text === name && arityOf(m) === arity);
}
