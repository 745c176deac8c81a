import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { MESSAGE_TYPES, SENDER_TYPES } from '../../src/protocol/event-scope';
import { DEFAULT_TOLERANCE_SECONDS } from '../../src/protocol/signature';
import { CONVERSATION_ATTRIBUTES, type ConversationAttribute, type DeliveryFilter, type PrivateNotes } from './delivery-filter';
import { parseIdList } from './id-list';

/**
 * The trigger's options as saved in the workflow. Old names keep working: Inbox ID joins Inbox IDs, and
 * Include Private Notes stands when Private Notes is not set.
 */
interface TriggerOptions {
	inboxId?: number;
	inboxIds?: string;
	messageTypes?: string[];
	includePrivateNotes?: boolean;
	privateNotes?: string;
	senderTypes?: string[];
	ignoreUserIds?: string;
	changedAttributes?: string[];
	keepChannelSecrets?: boolean;
	checkSignature?: boolean;
	toleranceSeconds?: number;
	ignoreRepeatedDeliveries?: boolean;
}

export interface ReceiveOptions {
	readonly checkSignature: boolean;
	readonly toleranceSeconds: number;
	readonly ignoreRepeatedDeliveries: boolean;
	readonly keepChannelSecrets: boolean;
}

function oneOf<T extends string>(allowed: readonly T[], values: unknown): T[] {
	return Array.isArray(values) ? values.filter((value): value is T => (allowed as readonly unknown[]).includes(value)) : [];
}

/** A typo in an ID list must not widen the trigger; it is reported as an error instead. */
function idsOption(this: IHookFunctions | IWebhookFunctions, label: string, value: unknown): number[] {
	const ids = parseIdList(value);
	if (ids === undefined) throw new NodeOperationError(this.getNode(), `${label} must be numbers separated by commas, such as 1, 3`);
	return ids;
}

function privateNotesOf(options: TriggerOptions): PrivateNotes {
	const [chosen] = oneOf<PrivateNotes>(['include', 'exclude', 'only'], [options.privateNotes]);
	return chosen ?? (options.includePrivateNotes === true ? 'include' : 'exclude');
}

/**
 * Reads the events and options into the filter and the receiving rules. Activation reads them too, so a
 * typo in an ID list stops the activation instead of failing every delivery.
 */
export function readTriggerOptions(this: IHookFunctions | IWebhookFunctions): { filter: DeliveryFilter; options: ReceiveOptions } {
	const events = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const inboxId = Number(options.inboxId);
	const inboxIds = idsOption.call(this, 'Inbox IDs', options.inboxIds);
	if (Number.isInteger(inboxId) && inboxId > 0) inboxIds.push(inboxId);
	const tolerance = Number(options.toleranceSeconds);
	return {
		filter: {
			events: new Set(events),
			inboxIds: new Set(inboxIds),
			messageTypes: new Set(oneOf(MESSAGE_TYPES, options.messageTypes ?? ['incoming'])),
			privateNotes: privateNotesOf(options),
			senderTypes: new Set(oneOf(SENDER_TYPES, options.senderTypes)),
			ignoredUserIds: new Set(idsOption.call(this, 'Ignore Messages From User IDs', options.ignoreUserIds)),
			changedAttributes: new Set(
				oneOf(Object.keys(CONVERSATION_ATTRIBUTES) as ConversationAttribute[], options.changedAttributes),
			),
		},
		options: {
			checkSignature: options.checkSignature !== false,
			toleranceSeconds: Number.isFinite(tolerance) && tolerance > 0 ? tolerance : DEFAULT_TOLERANCE_SECONDS,
			ignoreRepeatedDeliveries: options.ignoreRepeatedDeliveries !== false,
			keepChannelSecrets: options.keepChannelSecrets === true,
		},
	};
}
