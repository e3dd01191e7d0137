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
