import { toGeminiSchema } from './gemini.schema.js';

describe('toGeminiSchema', () => {
  it('drops keywords Gemini rejects, recursively, but keeps property names that look like keywords', () => {
    const sut = toGeminiSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      strict: true,
      properties: {
        strict: { type: 'boolean', description: 'a property called strict' },
        tags: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } } },
      },
      required: ['strict'],
    });
    expect(sut).toEqual({
      type: 'object',
      properties: {
        strict: { type: 'boolean', description: 'a property called strict' },
        tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      },
      required: ['strict'],
    });
  });

  it('turns nullable type unions into nullable and oneOf into anyOf', () => {
    expect(toGeminiSchema({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'integer', additionalProperties: false }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'integer' }],
    });
    expect(toGeminiSchema({ const: 'x' })).toEqual({ enum: ['x'] });
  });

  it('inlines local $refs and cuts recursive ones', () => {
    const sut = toGeminiSchema({
      type: 'object',
      properties: { home: { $ref: '#/$defs/Address', description: 'where they live' }, node: { $ref: '#/$defs/Node' } },
      $defs: {
        Address: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false },
        Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } },
      },
    });
    expect(sut.properties).toMatchObject({ home: { type: 'object', description: 'where they live', properties: { city: { type: 'string' } } } });
    expect(JSON.stringify(sut)).not.toMatch(/\$ref|\$defs|additionalProperties/);
  });

  it('merges allOf members', () => {
    const sut = toGeminiSchema({
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        { properties: { b: { type: 'number' } }, required: ['b'] },
      ],
    });
    expect(sut).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] });
  });
});
