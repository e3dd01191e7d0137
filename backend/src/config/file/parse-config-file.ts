import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ErrorDetail } from '../../common/errors/app-error.js';
import { flattenValidationErrors } from '../../common/validation/validation.js';
import { ConfigFileDto } from './config-file.dto.js';

/** Finds the line of a path such as `routes[2].targets[0].weight` in the parsed text. */
export type Locate = (path: string) => number | undefined;

export type ParseResult = { ok: true; value: ConfigFileDto; locate: Locate } | { ok: false; problems: ErrorDetail[] };

/** Appends `(line N)` to each problem whose path can be found in the text. */
export function withLines(problems: ErrorDetail[], locate: Locate): ErrorDetail[] {
  return problems.map((p) => {
    const line = locate(p.path);
    return line ? { ...p, message: `${p.message} (line ${line})` } : p;
  });
}

/** `routes[2].targets[0].weight` → ['routes', 2, 'targets', 0, 'weight'] */
function pathKeys(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** The line of the deepest node that exists along `path`, 1-based. */
function lineOf(doc: Document, counter: LineCounter, path: string): number | undefined {
  const keys = pathKeys(path);
  for (let n = keys.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true)) as Node | null | undefined;
    if (node && (isScalar(node) || isMap(node) || isSeq(node)) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${VAR}` and `${VAR:-default}` in every string; an unset variable without default is a problem at its path. */
function substitute(value: unknown, env: NodeJS.ProcessEnv, path: string, problems: ErrorDetail[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_, name: string, fallback: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (fallback !== undefined) return fallback;
      problems.push({ path, message: `environment variable ${name} is not set` });
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, env, `${path}[${i}]`, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, env, path ? `${path}.${k}` : k, problems)]));
  }
  return value;
}

/**
 * Parses and checks a switchyard.yaml text as a whole: YAML syntax, environment references, and every
 * field's type and range. Each problem names its path and, where known, its line. Checks that need the
 * database (models that exist, weights) come later, in the apply.
 */
export function parseConfigFile(text: string, env: NodeJS.ProcessEnv = process.env): ParseResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      problems: doc.errors.slice(0, 20).map((e) => ({ path: `line ${counter.linePos(e.pos[0]).line}`, message: e.message.split('\n')[0] })),
    };
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: [{ path: '.', message: 'must be a mapping with providers and routes' }] };
  const problems: ErrorDetail[] = [];
  const plain = substitute(raw, env, '', problems);
  const dto = plainToInstance(ConfigFileDto, plain);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  problems.push(...flattenValidationErrors(errors));
  const locate: Locate = (path) => lineOf(doc, counter, path);
  if (problems.length) return { ok: false, problems: withLines(problems, locate) };
  return { ok: true, value: dto, locate };
}
