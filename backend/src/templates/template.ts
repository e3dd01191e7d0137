import Handlebars from 'handlebars';

export interface TemplateError {
  line: number;
  column: number;
  message: string;
}

/** One Handlebars environment for prompts: output is not HTML, so nothing is escaped; `json` prints a value as JSON. */
const hbs = Handlebars.create();
hbs.registerHelper('json', (v: unknown) => JSON.stringify(v, null, 2));

function locate(err: Error & { lineNumber?: number; column?: number }): TemplateError {
  const parse = /Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(err.message);
  if (parse) return { line: Number(parse[1]), column: parse[3].length + 1, message: parse[4].trim() };
  const strict = /^"?(.+?)"? not defined in .* - (\d+):(\d+)$/s.exec(err.message);
  if (strict) return { line: Number(strict[2]), column: Number(strict[3]) + 1, message: `missing variable \`${strict[1]}\`` };
  return { line: err.lineNumber ?? 1, column: (err.column ?? 0) + 1, message: err.message.split('\n')[0] };
}

export type Compiled = { ok: true; render(vars: Record<string, unknown>): RenderResult } | { ok: false; error: TemplateError };
export type RenderResult = { ok: true; text: string } | { ok: false; error: TemplateError };

/**
 * Compiles a prompt template, reporting a syntax error with line and column at once (when a template is
 * saved, not when a run starts). Rendering is strict: a variable the item lacks is an error naming it,
 * never an empty string; prototype properties are not reachable (Handlebars' default since 4.6).
 */
export function compileTemplate(source: string): Compiled {
  try {
    hbs.parse(source);
  } catch (err) {
    return { ok: false, error: locate(err as Error) };
  }
  const template = hbs.compile(source, { strict: true, noEscape: true });
  return {
    ok: true,
    render(vars) {
      try {
        return { ok: true, text: template(vars, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }) };
      } catch (err) {
        return { ok: false, error: locate(err as Error) };
      }
    },
  };
}

type Node = { type: string; loc?: { start: { line: number; column: number } }; [k: string]: unknown };
type PathNode = Node & { type: 'PathExpression'; original: string; data: boolean; depth: number };
const CONTEXT_CHANGING = new Set(['each', 'with']);

/** A variable a template reads from its top-level context, where it is first read (1-based line and column). */
export interface TemplateRead {
  path: string;
  line: number;
  column: number;
}

/**
 * The variables a template reads from its top-level context (`{{question}}`, `{{input.city}}`, the
 * subject of `{{#each items}}`) with where each is first read, or its syntax error.
 * Paths inside `each`/`with` blocks refer to the block's own context and are not listed.
 */
export function templateReads(source: string): { ok: true; reads: TemplateRead[] } | { ok: false; error: TemplateError } {
  let ast: Node;
  try {
    ast = hbs.parse(source) as unknown as Node;
  } catch (err) {
    return { ok: false, error: locate(err as Error) };
  }
  const out = new Map<string, TemplateRead>();
  const path = (p: unknown) => {
    const n = p as PathNode;
    if (n?.type !== 'PathExpression' || n.data || n.depth !== 0 || n.original === 'this' || n.original.startsWith('this.') || out.has(n.original)) return;
    out.set(n.original, { path: n.original, line: n.loc?.start.line ?? 1, column: (n.loc?.start.column ?? 0) + 1 });
  };
  const walk = (node: Node | undefined): void => {
    if (!node) return;
    if (node.type === 'Program') return (node.body as Node[]).forEach(walk);
    if (node.type === 'MustacheStatement' || node.type === 'SubExpression') {
      const params = node.params as Node[];
      if (params.length === 0) path(node.path);
      params.forEach((p) => (p.type === 'SubExpression' ? walk(p) : path(p)));
      return;
    }
    if (node.type === 'BlockStatement') {
      const params = node.params as Node[];
      params.forEach((p) => (p.type === 'SubExpression' ? walk(p) : path(p)));
      const helper = (node.path as PathNode).original;
      if (!CONTEXT_CHANGING.has(helper)) walk(node.program as Node);
      walk(node.inverse as Node | undefined);
    }
  };
  walk(ast);
  return { ok: true, reads: [...out.values()] };
}

/**
 * The variables a template reads from its top-level context, or its syntax error; used to check a prompt
 * against a dataset before a run.
 */
export function templateVariables(source: string): { ok: true; variables: string[] } | { ok: false; error: string } {
  const r = templateReads(source);
  if (!r.ok) return { ok: false, error: `line ${r.error.line}, column ${r.error.column}: ${r.error.message}` };
  return { ok: true, variables: r.reads.map((x) => x.path) };
}
