import { isDeepStrictEqual } from 'node:util';
import { type GraderType, GraderError, result, show } from '../grader.js';

export const toolCall: GraderType<{ name?: string; arguments?: Record<string, unknown>; partial?: boolean }> = {
  type: 'tool_call',
  description: 'The model called the expected function, with the expected arguments (all of them, or with partial=true the listed ones)',
  schema: {
    type: 'object',
    properties: { name: { type: 'string' }, arguments: { type: 'object' }, partial: { type: 'boolean', default: true } },
    additionalProperties: false,
  },
  grade(c, x) {
    const want = c.name !== undefined ? c : (x.item.expected as { name?: string; arguments?: Record<string, unknown> } | undefined);
    if (!want?.name) throw new GraderError('no expected function: set `name` in the config or `expected: {name, arguments}` in the item');
    const call = x.toolCalls?.find((t) => t.function.name === want.name);
    if (!call)
      return result(
        0,
        false,
        x.toolCalls?.length ? `called ${x.toolCalls.map((t) => t.function.name).join(', ')}, not ${want.name}` : `no tool call (expected ${want.name})`,
      );
    if (!want.arguments) return result(1, true, `called ${want.name}`);
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    } catch {
      return result(0, false, `${want.name} called with arguments that are not JSON`);
    }
    const keys = Object.keys(want.arguments);
    const ok = keys.filter((k) => isDeepStrictEqual(args[k], want.arguments![k]));
    const extra = c.partial === false && Object.keys(args).some((k) => !(k in want.arguments!));
    const pass = ok.length === keys.length && !extra;
    return result(
      keys.length ? ok.length / keys.length : 1,
      pass,
      pass ? `called ${want.name} with the expected arguments` : `arguments ${show(args)}, expected ${show(want.arguments)}`,
    );
  },
};

const limit = (field: 'latencyMs' | 'costUsd', type: string, unit: string, description: string): GraderType<{ max: number }> => ({
  type,
  description,
  schema: { type: 'object', required: ['max'], properties: { max: { type: 'number', minimum: 0 } }, additionalProperties: false },
  grade(c, x) {
    const v = x[field];
    if (v === undefined) throw new GraderError(`the call's ${unit} is not known`);
    return result(v <= c.max ? 1 : 0, v <= c.max, `${v} ${unit} (max ${c.max})`);
  },
});

export const latency = limit('latencyMs', 'latency', 'ms', 'The call took at most `max` milliseconds');
export const cost = limit('costUsd', 'cost', 'USD', 'The call cost at most `max` USD');
