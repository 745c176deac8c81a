import { EnvelopeError, readApiErrorMessage, readWebhook, readWebhookList } from '../../src/protocol';

const webhook = {
	id: 7,
	name: 'n8n',
	url: 'https://n8n.example.com/webhook/abc/webhook',
	account_id: 1,
	subscriptions: ['message_created'],
	secret: 'x5Fq8M2wKp9RtZc3NvB7hJyD',
};

describe('readWebhookList', () => {
	it.each([
		['the current jbuilder envelope', { payload: { webhooks: [webhook] } }],
		['a bare array, as the swagger docs promise', [webhook]],
		['an older payload array', { payload: [webhook] }],
	])('reads %s', (_name, body) => {
		expect(readWebhookList(body)).toEqual([webhook]);
	});

	it('reads an empty list', () => {
		expect(readWebhookList({ payload: { webhooks: [] } })).toEqual([]);
	});

	it('normalises a string id and missing subscriptions', () => {
		expect(readWebhookList([{ id: '7', url: webhook.url }])).toEqual([{ id: 7, url: webhook.url, subscriptions: [] }]);
	});

	it.each([[null], ['<html>'], [{ payload: { webhook } }], [{ payload: { webhooks: [{ id: 1 }] } }]])(
		'refuses %j loudly',
		(body) => {
			expect(() => readWebhookList(body)).toThrow(EnvelopeError);
		},
	);
});

describe('readWebhook', () => {
	it.each([
		['the current jbuilder envelope', { payload: { webhook } }],
		['a bare object', webhook],
		['a webhook root', { webhook }],
	])('reads %s', (_name, body) => {
		expect(readWebhook(body)).toEqual(webhook);
	});

	it('refuses a list', () => {
		expect(() => readWebhook({ payload: { webhooks: [webhook] } })).toThrow(/unexpected webhook shape/);
	});
});

describe('readApiErrorMessage', () => {
	it.each([
		[{ message: 'Url has already been taken', attributes: ['url'] }, 'Url has already been taken'],
		[{ error: 'Resource could not be found' }, 'Resource could not be found'],
		[{ errors: ['You need to sign in or sign up before continuing.'] }, 'You need to sign in or sign up before continuing.'],
		['{"error":"Invalid Access Token"}', 'Invalid Access Token'],
		['not json', undefined],
		[{}, undefined],
		[null, undefined],
	])('reads %j as %j', (body, message) => {
		expect(readApiErrorMessage(body)).toBe(message);
	});
});
