import type { INodeParameters } from 'n8n-workflow';

import { startTestDispatcher, type LoggedDelivery, type TestDispatcher } from '../../support/dispatcher';
import { accessTo, customerWritesIn, picked, runJson } from './chatwoot-node';

/**
 * What a routing flow does to a conversation, against the dispatcher's seeded teams ("enterprise" with
 * the administrator and Alex Agent, "standard" with the administrator only; Chatwoot stores team names in
 * lower case): team and agent, labels, custom attributes, and the conversation_updated events each causes.
 */
const ENTERPRISE = 1;
const STANDARD = 2;
const ALEX = 2;

let dispatcher: TestDispatcher;

beforeEach(async () => {
	dispatcher = await startTestDispatcher();
});

afterEach(async () => {
	await dispatcher.close();
});

async function watch(): Promise<number> {
	return (await dispatcher.createWebhook('http://127.0.0.1:9/unreachable', ['conversation_updated'])).id;
}

async function updates(webhookId: number, count: number): Promise<Array<Record<string, unknown>>> {
	const listed = await dispatcher.waitForDeliveries((list) => list.length >= count, { webhook_id: webhookId });
	const bodies: Array<Record<string, unknown>> = [];
	for (const delivery of [...listed].sort((a: LoggedDelivery, b: LoggedDelivery) => a.created_at.localeCompare(b.created_at))) {
		const full = await dispatcher.api<{ payload: { body: string } }>('GET', `/_dispatcher/deliveries/${delivery.id}`);
		bodies.push(JSON.parse(full.body.payload.body) as Record<string, unknown>);
	}
	return bodies;
}

function changedKeys(payload: Record<string, unknown>): string[] {
	return (payload.changed_attributes as Array<Record<string, unknown>>).map((change) => Object.keys(change)[0]);
}

const assign = (conversationId: number, parameters: INodeParameters) =>
	runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'assign', conversation: picked(conversationId), ...parameters });

describe('assign to a team', () => {
	it('sets the team; the webhook gets conversation_updated with team_id and meta.team', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const webhookId = await watch();
		const [json] = await assign(conversation.id, { agentAction: 'keep', teamAction: 'assign', team: picked(ENTERPRISE, 'list') });
		expect(json).toMatchObject({ team: { id: ENTERPRISE, name: 'enterprise' }, assignee: null });
		const [updated] = await updates(webhookId, 1);
		expect(changedKeys(updated)).toEqual(['updated_at', 'team_id']);
		expect(updated.meta).toMatchObject({ team: { id: ENTERPRISE, name: 'enterprise' } });
	});

	it('unassigns an agent who is not a member of the new team, as Chatwoot does', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await assign(conversation.id, { agentAction: 'assign', agent: picked(ALEX) });
		const webhookId = await watch();
		const [json] = await assign(conversation.id, { agentAction: 'keep', teamAction: 'assign', team: picked(STANDARD) });
		expect(json).toMatchObject({ team: { id: STANDARD }, assignee: null });
		const [updated] = await updates(webhookId, 1);
		expect(changedKeys(updated)).toEqual(['assignee_id', 'updated_at', 'team_id']);
	});

	it('sets a team and a member of it in one step: the team first, then the agent', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const [json] = await assign(conversation.id, {
			agentAction: 'assign',
			agent: picked(ALEX),
			teamAction: 'assign',
			team: picked(ENTERPRISE),
		});
		expect(json).toMatchObject({ team: { id: ENTERPRISE }, assignee: { id: ALEX } });
	});

	it('removes the team and keeps the agent', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await assign(conversation.id, { agentAction: 'assign', agent: picked(ALEX), teamAction: 'assign', team: picked(ENTERPRISE) });
		const [json] = await assign(conversation.id, { agentAction: 'keep', teamAction: 'remove' });
		expect(json).toMatchObject({ team: null, assignee: { id: ALEX } });
	});

	it('says plainly what Chatwoot did with an unknown team: it removed the team', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await assign(conversation.id, { agentAction: 'keep', teamAction: 'assign', team: picked(ENTERPRISE) });
		await expect(assign(conversation.id, { agentAction: 'keep', teamAction: 'assign', team: picked(99) })).rejects.toThrow(
			"Chatwoot has no team 99 in this account, so it removed the conversation's team",
		);
	});

	it('says plainly what Chatwoot did with an unknown agent: it unassigned the conversation', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await expect(assign(conversation.id, { agentAction: 'assign', agent: picked(99) })).rejects.toThrow(
			'Chatwoot has no agent 99 in this account, so it left the conversation unassigned',
		);
	});
});

describe('labels', () => {
	const labels = (conversationId: number, operation: string, value: ReturnType<typeof picked>) =>
		runJson(accessTo(dispatcher), { resource: 'conversation', operation, conversation: picked(conversationId), labels: value });

	it('adds labels to the ones the conversation has, and removes only the ones named', async () => {
		const conversation = await customerWritesIn(dispatcher);
		await labels(conversation.id, 'addLabels', picked('billing', 'list'));
		const [added] = await labels(conversation.id, 'addLabels', picked('vip, urgent', 'name'));
		expect(added.labels).toEqual(['billing', 'vip', 'urgent']);
		const [removed] = await labels(conversation.id, 'removeLabels', picked('urgent', 'name'));
		expect(removed.labels).toEqual(['billing', 'vip']);
	});

	it('emits conversation_updated with label_list once per real change, none when nothing changes', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const webhookId = await watch();
		await labels(conversation.id, 'addLabels', picked('vip', 'name'));
		await labels(conversation.id, 'addLabels', picked('vip', 'name'));
		await labels(conversation.id, 'removeLabels', picked('absent', 'name'));
		const [updated, ...rest] = await updates(webhookId, 1);
		expect(rest).toEqual([]);
		expect(changedKeys(updated)).toEqual(['updated_at', 'cached_label_list', 'label_list']);
		expect(updated.labels).toEqual(['vip']);
	});
});

describe('custom attributes', () => {
	it('sets the attributes given and keeps the others (Chatwoot replaces the whole set, so the node merges)', async () => {
		const conversation = await customerWritesIn(dispatcher);
		const set = (key: string, value: string) =>
			runJson(accessTo(dispatcher), {
				resource: 'conversation',
				operation: 'setCustomAttributes',
				conversation: picked(conversation.id),
				customAttributes: { attribute: [{ key, value }] },
			});
		await set('plan', 'enterprise');
		const [json] = await set('region', 'emea');
		expect(json.custom_attributes).toEqual({ plan: 'enterprise', region: 'emea' });
	});
});

describe('get many', () => {
	it('filters by status, assignee type, inbox, team and labels', async () => {
		const first = await customerWritesIn(dispatcher, { name: 'First', email: 'first@example.com' });
		const second = await customerWritesIn(dispatcher, { name: 'Second', email: 'second@example.com' });
		const third = await customerWritesIn(dispatcher, { name: 'Third', email: 'third@example.com' });
		await assign(first.id, { agentAction: 'keep', teamAction: 'assign', team: picked(ENTERPRISE) });
		await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'addLabels', conversation: picked(second.id), labels: picked('vip', 'name') });
		await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'setStatus', conversation: picked(third.id), status: 'resolved' });
		await assign(second.id, { agentAction: 'assign', agent: picked(ALEX) });

		const ids = async (filters: INodeParameters) =>
			(await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'getAll', returnAll: true, filters })).map((item) => item.id);
		expect((await ids({})).sort()).toEqual([first.id, second.id]);
		expect((await ids({ status: 'all' })).sort()).toEqual([first.id, second.id, third.id]);
		expect(await ids({ status: 'resolved' })).toEqual([third.id]);
		expect(await ids({ team: picked(ENTERPRISE) })).toEqual([first.id]);
		expect(await ids({ labels: picked('vip', 'name') })).toEqual([second.id]);
		expect(await ids({ assigneeType: 'assigned' })).toEqual([second.id]);
		expect(await ids({ assigneeType: 'unassigned' })).toEqual([first.id]);
		expect(await ids({ inbox: picked(1) })).toHaveLength(2);
	});

	it('follows Chatwoot’s pages of 25 for Return All, and stops at the limit otherwise', async () => {
		for (let index = 0; index < 27; index++) await customerWritesIn(dispatcher, { name: `Customer ${index}`, email: `c${index}@example.com` });
		expect(await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'getAll', returnAll: true })).toHaveLength(27);
		expect(await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'getAll', limit: 3 })).toHaveLength(3);
		const second = await runJson(accessTo(dispatcher), { resource: 'conversation', operation: 'getAll', returnAll: true, filters: { page: 2 } });
		expect(second.map((conversation) => conversation.id)).toEqual([2, 1]);
	});
});
