import type { ValidationError } from '@nestjs/common';
import { flattenValidationErrors, validationError } from './validation.js';

describe('flattenValidationErrors', () => {
  it('writes nested paths with dots and array indexes', () => {
    const errors = [
      { property: 'name', constraints: { isString: 'name must be a string' }, children: [] },
      {
        property: 'targets',
        children: [{ property: '0', children: [{ property: 'weight', constraints: { min: 'weight must not be less than 0' }, children: [] }] }],
      },
    ] as unknown as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { path: 'name', message: 'must be a string' },
      { path: 'targets[0].weight', message: 'must not be less than 0' },
    ]);
  });

  it("names only a field's type when that is wrong, its other constraints when the type is right", () => {
    const errors = [
      {
        property: 'weight',
        constraints: {
          max: 'weight must not be greater than 100',
          min: 'weight must not be less than 0',
          isNumber: 'weight must be a number conforming to the specified constraints',
        },
        children: [],
      },
      { property: 'retries', constraints: { max: 'retries must not be greater than 5', min: 'retries must not be less than 0' }, children: [] },
    ] as unknown as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { path: 'weight', message: 'must be a number conforming to the specified constraints' },
      { path: 'retries', message: 'must not be greater than 5' },
      { path: 'retries', message: 'must not be less than 0' },
    ]);
  });

  it('summarises the first three problems in the message', () => {
    const details = ['a', 'b', 'c', 'd'].map((p) => ({ path: p, message: 'is wrong' }));
    const err = validationError(details);
    expect(err.status).toBe(400);
    expect(err.code).toBe('request/invalid-body');
    expect(err.message).toBe('Invalid request: a is wrong; b is wrong; c is wrong (and 1 more)');
  });
});
