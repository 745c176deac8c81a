import { postDelivery } from './deliveries';
import { eventually } from '../../../testkit/wait-for';
import type { Workflow } from '../../../testkit/n8n/n8n';

export const TRIGGER_TYPE = 'n8n-nodes-chatwoot-webhooks.chatwootTrigger';

/**
 * n8n's production URL for a workflow's Chatwoot Trigger: <base>/webhook/<node webhookId>/<description
 * path>. The base is n8n's address, or in queue mode the webhook processor's.
 */
export function triggerUrl(workflow: Workflow, baseUrl: string): string {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (!trigger?.webhookId) throw new Error(`workflow ${workflow.id} has no trigger with a webhookId`);
	return `${baseUrl}/webhook/${trigger.webhookId}/webhook`;
}

/** The webhook at `url` is live in n8n (404 until n8n has registered it, after activation or a start). */
export async function waitUntilListening(url: string): Promise<void> {
	await eventually(`n8n to serve ${url}`, async () => {
		const response = await postDelivery(url, { body: '{}', secret: 'not-the-secret' });
		return response.status === 404 ? undefined : true;
	});
}
