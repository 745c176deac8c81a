import { randomInt } from 'node:crypto';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Rails' `has_secure_token` (`SecureRandom.base58(24)`): how Chatwoot makes webhook secrets and user
 * access tokens, so values from the dispatcher look like the ones a user copies out of Chatwoot.
 */
export function generateSecureToken(length = 24): string {
	let token = '';
	for (let index = 0; index < length; index++) token += BASE58[randomInt(BASE58.length)];
	return token;
}
