import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { SECRET_CREDENTIAL } from './signing-secret';

/**
 * An API inbox callback or a hand-made sender: a person pastes the URL into Chatwoot, so there is nothing
 * to register or remove. Activation only refuses a trigger that would answer every delivery with 401:
 * one that checks signatures without a secret to check them with.
 */
export async function pastedSourceIsReady(this: IHookFunctions): Promise<boolean> {
	const options = this.getNodeParameter('options', {}) as { checkSignature?: boolean };
	if (options.checkSignature === false) return true;
	let secret: unknown;
	try {
		secret = (await this.getCredentials<{ secret?: unknown }>(SECRET_CREDENTIAL)).secret;
	} catch {
		secret = undefined;
	}
	if (typeof secret === 'string' && secret) return true;
	throw new NodeOperationError(this.getNode(), 'This trigger checks signatures but has no secret to check them with', {
		description:
			'Select a Chatwoot Webhook Secret credential holding the sender\'s secret, or, for automation rules and macros (which sign nothing), turn off Check Signature under Options.',
	});
}
