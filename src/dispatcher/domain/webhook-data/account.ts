import type { AccountRow } from '../schema/records';

/** `Account#webhook_data`. */
export function accountWebhookData(account: AccountRow): { id: number; name: string } {
	return { id: account.id, name: account.name };
}
