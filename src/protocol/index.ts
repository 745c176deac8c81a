/** Chatwoot's webhook wire format. Node built-ins only: the n8n nodes import this at runtime. */
export * from './events';
export * from './event-scope';
export * from './event-conversation';
export * from './headers';
export * from './signature';
export * from './webhook';
export * from './envelopes';
export * from './payload-json';
export * from './channel-events';
export * from './changed-attributes';
export * from './agent-bot';
