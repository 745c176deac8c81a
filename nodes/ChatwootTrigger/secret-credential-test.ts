import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * The test n8n runs when a Chatwoot Webhook Secret credential is saved. A signing secret cannot be checked
 * against Chatwoot (only the next signed delivery proves it), so the test catches what goes wrong when
 * copying one: nothing pasted, or spaces and line breaks picked up with it. Chatwoot makes its secrets
 * with `has_secure_token`: 24 base58 characters; anything else is accepted with a word of caution.
 */
const SECURE_TOKEN = /^[1-9A-HJ-NP-Za-km-z]{24}$/;

export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = credential.data?.secret;
	if (typeof secret !== 'string' || secret === '') return { status: 'Error', message: 'Paste the secret Chatwoot shows for the sender' };
	if (/\s/.test(secret)) {
		return { status: 'Error', message: 'The secret contains spaces or line breaks; copy it again without them' };
	}
	if (!SECURE_TOKEN.test(secret)) {
		return {
			status: 'OK',
			message: 'Saved. It is not shaped like a Chatwoot secret (24 letters and digits): check it is the secret, not an HMAC or access token',
		};
	}
	return { status: 'OK', message: 'Saved. The first signed delivery confirms the secret' };
}
