export { toAnthropicError } from './messages-error.js';
export { parseMessagesRequest } from './messages-request.js';
export { messagesWire } from './messages-wire.js';
