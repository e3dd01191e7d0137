import type { ChatWire } from '../chat-wire.js';
import { messageId, toAnthropicMessage } from './messages-response.js';
import { MessagesStreamEncoder } from './messages-stream.js';

/** Anthropic's Messages format for one request's answer, named by the client's `model`. */
export function messagesWire(requestId: string, model: string): ChatWire {
  const id = messageId(requestId);
  return {
    json: (res) => toAnthropicMessage(res, id, model),
    stream: () => new MessagesStreamEncoder(id, model),
  };
}
