import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * A Chatwoot user's API access token for one account. Managing webhooks needs an administrator of that
 * account (`app/policies/webhook_policy.rb`), so the test asks for exactly that permission: it lists the
 * account's webhooks, which an agent's token is refused with a 401.
 */
export class ChatwootApi implements ICredentialType {
	name = 'chatwootApi';

	displayName = 'Chatwoot API';

	icon: Icon = { light: 'file:chatwoot.svg', dark: 'file:chatwoot.dark.svg' };

	documentationUrl = 'https://developers.chatwoot.com/api-reference/introduction';

	// Offered in the HTTP Request node as a predefined credential type, e.g. to post replies.
	httpRequestNode = {
		name: 'Chatwoot',
		docsUrl: 'https://developers.chatwoot.com/api-reference/introduction',
		apiBaseUrlPlaceholder: 'https://app.chatwoot.com/api/v1/accounts/1/',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.chatwoot.com',
			placeholder: 'https://chatwoot.example.com',
			description:
				'Chatwoot Cloud, or the address of your self-hosted Chatwoot, without /api (a trailing slash is fine)',
			required: true,
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'number',
			default: 1,
			description: 'The number after /accounts/ in the address bar when you are signed in to Chatwoot',
			required: true,
		},
		{
			displayName: 'API Access Token',
			name: 'apiAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"From Profile Settings → Access Token in Chatwoot. Managing webhooks needs an administrator's token; an agent's token is refused.",
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				api_access_token: '={{$credentials.apiAccessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/v1/accounts/{{$credentials.accountId}}/webhooks',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						"Chatwoot refused this token for this account. Check the token and the account ID, and use an administrator's token: Chatwoot only lets administrators manage webhooks, and an agent's token is refused.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No such account at this base URL. Check the account ID, and that the base URL is the Chatwoot address without /api.',
				},
			},
		],
	};
}
