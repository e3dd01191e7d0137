import { anthropicAdapter, messagesUrl } from './anthropic.adapter.js';

describe('anthropicAdapter', () => {
  it('is the anthropic kind, without embeddings', () => {
    expect(anthropicAdapter.kind).toBe('anthropic');
    expect(anthropicAdapter.embed).toBeUndefined();
  });

  it.each([
    ['https://api.anthropic.com', 'https://api.anthropic.com/v1/messages'],
    ['https://api.anthropic.com/', 'https://api.anthropic.com/v1/messages'],
    ['https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/messages'],
    ['https://proxy.example/anthropic/v1/', 'https://proxy.example/anthropic/v1/messages'],
  ])('posts %s to %s', (base, url) => expect(messagesUrl(base)).toBe(url));
});
