import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	AGENT_BOT_EVENT_DESCRIPTIONS,
	AGENT_BOT_EVENT_NAMES,
	API_INBOX_EVENT_NAMES,
	AUTOMATION_EVENT_PREFIX,
	AUTOMATION_RULE_EVENT_NAMES,
	MACRO_EVENT_NAME,
	type AgentBotOnlyEvent,
} from '../../src/protocol/channel-events';
import { CHATWOOT_EVENTS } from '../../src/protocol/events';
import { DEFAULT_TOLERANCE_SECONDS } from '../../src/protocol/signature';
import { DELIVERY_MEMORY_CAPACITY, DELIVERY_MEMORY_MINUTES } from './recent-deliveries';
import { DEFAULT_SOURCE, type TriggerSource } from './trigger-source';

/**
 * The Chatwoot Trigger's parameters. Everything a trigger saved before sources existed (`events` and the
 * options) keeps its name and default; the source and the new options are additive.
 */
const OUTPUT_NOTE =
	'Each output item is the event payload as Chatwoot sent it, plus chatwootDelivery: { ID, timestamp, event, verified, verification }.';

const accountEventOptions: INodePropertyOptions[] = CHATWOOT_EVENTS.map((event) => ({
	name: event.displayName,
	value: event.name,
	description: event.description,
}));

const accountEvent = (name: string) => accountEventOptions.find((option) => option.value === name) as INodePropertyOptions;

const botOnlyEventOptions: INodePropertyOptions[] = (Object.keys(AGENT_BOT_EVENT_DESCRIPTIONS) as AgentBotOnlyEvent[]).map((name) => ({
	name: AGENT_BOT_EVENT_DESCRIPTIONS[name].displayName,
	value: name,
	description: AGENT_BOT_EVENT_DESCRIPTIONS[name].description,
}));

const botEventOptions: INodePropertyOptions[] = AGENT_BOT_EVENT_NAMES.map(
	(name) => botOnlyEventOptions.find((option) => option.value === name) ?? accountEvent(name),
);

const apiInboxEventOptions: INodePropertyOptions[] = API_INBOX_EVENT_NAMES.map(accountEvent);

const unsignedEventOptions: INodePropertyOptions[] = [
	...AUTOMATION_RULE_EVENT_NAMES.map((name) => ({
		name: `Automation Rule: ${name.split('_').map((word) => word[0].toUpperCase() + word.slice(1)).join(' ')}`,
		value: `${AUTOMATION_EVENT_PREFIX}${name}`,
		description: `An automation rule running on ${name} sent the conversation (unsigned)`,
	})),
	{ name: 'Macro Executed', value: MACRO_EVENT_NAME, description: 'A macro with "Send webhook" ran on the conversation (unsigned)' },
];

const byName = (options: INodePropertyOptions[]) => [...options].sort((a, b) => a.name.localeCompare(b.name));

const forSources = (...source: TriggerSource[]) => ({ show: { source } });

function eventsProperty(source: TriggerSource[], options: INodePropertyOptions[], description: string): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['message_created'],
		displayOptions: forSources(...source),
		options: byName(options),
		description: `${description} ${OUTPUT_NOTE}`,
	};
}

const REACHABILITY =
	"Chatwoot must be able to reach n8n's webhook URL: not localhost, and on Chatwoot 4.14+ not a private network address unless Chatwoot runs with SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true.";

export const UNSIGNED_SENDERS_NOTICE =
	'Automation rules and macros ("Send webhook") sign nothing. This trigger accepts them only with Check Signature turned off (under Options), and then anyone who knows this URL can start the workflow.';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		default: DEFAULT_SOURCE,
		options: [
			{
				name: 'Account Webhook (Registered by This Trigger)',
				value: 'accountWebhook',
				description: 'The trigger registers a webhook of the account on activation and removes it on deactivation',
			},
			{
				name: 'Agent Bot (Registered by This Trigger)',
				value: 'agentBot',
				description:
					'The trigger creates an agent bot (or adopts the one at this URL) and connects it to inboxes: conversations there wait as pending while the workflow answers',
			},
			{
				name: 'API Inbox Callback (Paste the URL Into Chatwoot)',
				value: 'apiInbox',
				description: "An API inbox's webhook URL, signed with the inbox's secret",
			},
			{
				name: 'Manual (Paste the URL Into Chatwoot)',
				value: 'manual',
				description: 'A webhook or agent bot you made by hand, an automation rule or a macro',
			},
		],
		description: 'How Chatwoot calls this workflow',
	},
	{
		displayName: `This trigger registers a webhook in Chatwoot when the workflow is activated and removes it when it is deactivated. ${REACHABILITY}`,
		name: 'reachabilityNotice',
		type: 'notice',
		default: '',
		displayOptions: forSources('accountWebhook'),
	},
	{
		displayName: `On activation this trigger creates an agent bot pointing at this workflow (or adopts the one already at this URL) and connects it to the inboxes below; it refuses an inbox that already has another bot. New conversations there start as pending; a Chatwoot node (or HTTP Request) setting the status to open hands the conversation to humans. Deactivation disconnects and deletes only what the trigger created. Needs an administrator's token. ${REACHABILITY}`,
		name: 'agentBotNotice',
		type: 'notice',
		default: '',
		displayOptions: forSources('agentBot'),
	},
	{
		displayName:
			"Paste this trigger's Production URL into the API inbox's Webhook URL (Settings → Inboxes → the inbox → Configuration), and the inbox's secret (Chatwoot 4.13+; not its HMAC token) into the Chatwoot Webhook Secret credential. Chatwoot sends callbacks once, without retries.",
		name: 'apiInboxNotice',
		type: 'notice',
		default: '',
		displayOptions: forSources('apiInbox'),
	},
	{
		displayName: `Paste this trigger's Production URL where Chatwoot asks for it, and the sender's secret into the Chatwoot Webhook Secret credential. ${UNSIGNED_SENDERS_NOTICE}`,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: forSources('manual'),
	},
	eventsProperty(
		['accountWebhook'],
		accountEventOptions,
		'The events that start the workflow. Chatwoot sends them for every inbox of the account; use the Inbox IDs option to keep some.',
	),
	eventsProperty(
		['agentBot'],
		botEventOptions,
		"The events that start the workflow. Chatwoot sends a bot every message and conversation change of its inboxes (the bot's own replies too), never Conversation Created.",
	),
	eventsProperty(['apiInbox'], apiInboxEventOptions, "The events that start the workflow. Chatwoot sends the inbox's callback all of them."),
	eventsProperty(
		['manual'],
		[...accountEventOptions, ...botOnlyEventOptions, ...unsignedEventOptions],
		'The events that start the workflow, whatever the sender.',
	),
	{
		displayName: 'Inbox IDs',
		name: 'botInboxIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: '3, 5',
		displayOptions: forSources('agentBot'),
		description:
			"The inboxes the agent bot answers in, separated by commas. The ID is the number after /inbox/ in Chatwoot's address bar.",
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Check Signature',
				name: 'checkSignature',
				type: 'boolean',
				default: true,
				description: `Whether to verify each delivery's X-Chatwoot-Signature with the sender's secret and answer 401 to anything that fails. Chatwoot before 4.11 gives webhooks no secret (before 4.13 bots and API inboxes); their deliveries are accepted with chatwootDelivery.verified set to false. ${UNSIGNED_SENDERS_NOTICE}`,
			},
			{
				displayName: 'Conversation Updated: Changed Attributes',
				name: 'changedAttributes',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Assignee', value: 'assignee' },
					{ name: 'Custom Attributes', value: 'custom_attributes' },
					{ name: 'Labels', value: 'labels' },
					{ name: 'Priority', value: 'priority' },
					{ name: 'Status', value: 'status' },
					{ name: 'Team', value: 'team' },
				],
				description:
					'Conversation Updated starts the workflow only when one of these changed (empty: any change). Chatwoot also sends it for waiting time and first-reply bookkeeping.',
			},
			{
				displayName: 'Ignore Messages From User IDs',
				name: 'ignoreUserIds',
				type: 'string',
				default: '',
				placeholder: '1, 7',
				description:
					"Messages written by these Chatwoot users do not start the workflow, e.g. the user whose access token the workflow replies with, so that its own replies do not come back as new work. The ID is in the agent's profile URL, or the ID field of GET /api/v1/profile.",
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeatedDeliveries',
				type: 'boolean',
				default: true,
				description: `Whether to start the workflow only once per X-Chatwoot-Delivery ID. IDs are remembered for ${DELIVERY_MEMORY_MINUTES} minutes (up to ${DELIVERY_MEMORY_CAPACITY.toLocaleString('en-US')} per trigger) in this n8n process's memory; a restart forgets them.`,
			},
			{
				displayName: 'Inbox ID',
				name: 'inboxId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					"Only events from this inbox start the workflow (0 means all inboxes); Inbox IDs takes several. Contact and inbox events belong to no inbox and always pass. The ID is the number after /inbox/ in Chatwoot's address bar.",
			},
			{
				displayName: 'Inbox IDs',
				name: 'inboxIds',
				type: 'string',
				default: '',
				placeholder: '1, 3',
				description:
					'Only events from these inboxes start the workflow (empty means all inboxes), separated by commas. Contact and inbox events belong to no inbox and always pass.',
			},
			{
				displayName: 'Include Private Notes',
				name: 'includePrivateNotes',
				type: 'boolean',
				default: false,
				description:
					'Whether private notes (and typing in a private note) start the workflow. Private Notes, when set, takes precedence.',
			},
			{
				displayName: 'Keep Channel Secrets',
				name: 'keepChannelSecrets',
				type: 'boolean',
				default: false,
				description:
					"Whether Inbox Created and Inbox Updated keep the channel's tokens, secrets and passwords in the output. Off: they read [redacted], so they are not stored with every execution.",
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				default: ['incoming'],
				options: [
					{
						name: 'Activity',
						value: 'activity',
						description: 'System messages such as "Conversation was resolved"',
					},
					{
						name: 'Incoming',
						value: 'incoming',
						description: 'From the contact',
					},
					{
						name: 'Outgoing',
						value: 'outgoing',
						description: 'From an agent, a bot or this workflow; private notes are outgoing too',
					},
					{
						name: 'Template',
						value: 'template',
						description: 'WhatsApp and other channel templates',
					},
				],
				description:
					'For message events: the message types that start the workflow. Incoming only by default, so that a bot does not answer its own replies.',
			},
			{
				displayName: 'Private Notes',
				name: 'privateNotes',
				type: 'options',
				default: 'exclude',
				options: [
					{ name: 'Exclude', value: 'exclude', description: 'Private notes do not start the workflow' },
					{ name: 'Include', value: 'include', description: 'Private notes start it like other messages' },
					{
						name: 'Only',
						value: 'only',
						description: 'Only private notes start it (notes are outgoing: add Outgoing to Message Types)',
					},
				],
				description: 'Private notes, and typing in a private note',
			},
			{
				displayName: 'Sender Types',
				name: 'senderTypes',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Agent', value: 'user', description: 'A human agent, or an API user' },
					{ name: 'Agent Bot', value: 'agent_bot', description: 'An agent bot, this workflow\'s bot included' },
					{ name: 'Contact', value: 'contact', description: 'The customer' },
				],
				description:
					'For message and typing events: who must have written (or be typing) for the workflow to start (empty: anyone, the system included)',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				default: DEFAULT_TOLERANCE_SECONDS,
				typeOptions: { minValue: 1 },
				description:
					"How far X-Chatwoot-Timestamp may be from this server's clock, in either direction, before a delivery is refused as a replay",
			},
		],
	},
];
