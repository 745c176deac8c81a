import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of one Chatwoot sender the trigger cannot register itself: an API inbox's callback
 * (Settings → Inboxes → the inbox → Configuration) or a webhook or agent bot someone made by hand. It is a
 * credential of its own, not a field of the Chatwoot API credential, because it belongs to one sender
 * while an API credential belongs to a user and serves many workflows; and n8n stores credentials
 * encrypted, where a node parameter would sit in plain text in the workflow and its exports.
 */
export class ChatwootWebhookSecretApi implements ICredentialType {
	name = 'chatwootWebhookSecretApi';

	displayName = 'Chatwoot Webhook Secret API';

	icon: Icon = { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' };

	documentationUrl = 'https://github.com/chatwoot-webhooks/n8n-nodes-chatwoot-webhooks#sources';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The secret Chatwoot signs this sender's deliveries with: an API inbox's secret (Chatwoot 4.13+, not its HMAC token), an agent bot's secret or a webhook's secret, as Chatwoot shows it to administrators",
		},
	];
}
