import { isAllowed } from './allowed-models.js';

describe('isAllowed', () => {
  it('allows everything without a list', () => expect(isAllowed(undefined, 'x/y')).toBe(true));
  it('matches exact names and prefixes ending in *', () => {
    const list = ['support-chat', 'openai/*'];
    expect(isAllowed(list, 'support-chat')).toBe(true);
    expect(isAllowed(list, 'openai/gpt-4o')).toBe(true);
    expect(isAllowed(list, 'anthropic/claude')).toBe(false);
    expect(isAllowed(list, 'support-chat-2')).toBe(false);
    expect(isAllowed([], 'anything')).toBe(false);
  });
});
