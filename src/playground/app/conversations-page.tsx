import { useState } from 'preact/hooks';

import { accountPath, get, post, type Contact, type Conversation, type Inbox } from './api';
import { Problem } from './problem';
import { Link, navigate } from './router';
import { Time } from './time-ago';
import { useLiveReload, useResource } from './use-resource';

interface ConversationList {
	data: { meta: Record<string, number>; payload: Conversation[] };
}

/** Starts a conversation the way a customer does: a contact in an inbox writes the first message. */
function StartConversation(props: { accountId: number }) {
	const inboxes = useResource(() => get<{ payload: Inbox[] }>(accountPath(props.accountId, '/inboxes')), [props.accountId]);
	const [search, setSearch] = useState('');
	// Chatwoot's contact search (name, email, phone number, identifier), as its "new conversation" dialog uses.
	const contacts = useResource(
		() =>
			search.trim()
				? get<{ payload: Contact[] }>(accountPath(props.accountId, `/contacts/search?q=${encodeURIComponent(search.trim())}`))
				: Promise.resolve({ payload: [] as Contact[] }),
		[props.accountId, search],
	);
	const [who, setWho] = useState<'new' | 'existing'>('new');
	const [name, setName] = useState('Jane Doe');
	const [email, setEmail] = useState('jane@example.com');
	const [contactId, setContactId] = useState('');
	const [inboxId, setInboxId] = useState('');
	const [message, setMessage] = useState('Hi, what are your prices?');
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const [busy, setBusy] = useState(false);
	const inbox = inboxId || String(inboxes.data?.payload[0]?.id ?? '');

	const start = async (event: Event) => {
		event.preventDefault();
		setBusy(true);
		setProblem(undefined);
		try {
			let contact = Number(contactId);
			if (who === 'new') {
				const created = await post<{ payload: { contact: Contact } }>(accountPath(props.accountId, '/contacts'), {
					name,
					email: email || undefined,
					inbox_id: Number(inbox),
				});
				contact = created.payload.contact.id;
			}
			const conversation = await post<Conversation>(accountPath(props.accountId, '/conversations'), {
				contact_id: contact,
				inbox_id: Number(inbox),
				message: message ? { content: message, message_type: 'incoming' } : undefined,
			});
			navigate(`/app/accounts/${props.accountId}/conversations/${conversation.id}`);
		} catch (error) {
			setProblem((error as Error).message);
		} finally {
			setBusy(false);
		}
	};

	return (
		<form class="card" onSubmit={start} aria-labelledby="start-heading">
			<h2 id="start-heading">Be the customer: start a conversation</h2>
			<fieldset class="inline">
				<legend>Customer</legend>
				<label>
					<input type="radio" name="who" checked={who === 'new'} onChange={() => setWho('new')} /> New contact
				</label>
				<label>
					<input type="radio" name="who" checked={who === 'existing'} onChange={() => setWho('existing')} /> Existing contact
				</label>
			</fieldset>
			{who === 'new' ? (
				<div class="row">
					<label>
						Name
						<input value={name} onInput={(event) => setName(event.currentTarget.value)} required />
					</label>
					<label>
						Email
						<input type="email" value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
					</label>
				</div>
			) : (
				<div class="row">
					<label>
						Find a contact (name, email or phone)
						<input type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
					</label>
					<label>
						Contact
						<select value={contactId} onChange={(event) => setContactId(event.currentTarget.value)} required>
							<option value="">Choose a contact</option>
							{contacts.data?.payload.map((contact) => (
								<option key={contact.id} value={contact.id}>
									{contact.name ?? `Contact ${contact.id}`} {contact.email ? `<${contact.email}>` : ''}
								</option>
							))}
						</select>
					</label>
				</div>
			)}
			<label>
				Inbox
				<select value={inbox} onChange={(event) => setInboxId(event.currentTarget.value)} required>
					{inboxes.data?.payload.map((item) => (
						<option key={item.id} value={item.id}>
							{item.name} ({item.channel_type})
						</option>
					))}
				</select>
			</label>
			<label>
				First message from the customer
				<textarea rows={2} value={message} onInput={(event) => setMessage(event.currentTarget.value)} />
			</label>
			<button type="submit" disabled={busy}>
				Start conversation
			</button>
			<Problem message={problem ?? inboxes.error ?? contacts.error} />
		</form>
	);
}

export function ConversationsPage(props: { accountId: number }) {
	const list = useResource(
		() => get<ConversationList>(accountPath(props.accountId, '/conversations?status=all&assignee_type=all')),
		[props.accountId],
	);
	useLiveReload(list.reload, (notice) => notice.type === 'conversation');
	return (
		<section>
			<h1>Conversations</h1>
			<div class="columns">
				<StartConversation accountId={props.accountId} />
				<div class="card">
					<h2>All conversations</h2>
					<Problem message={list.error} />
					{list.data && list.data.data.payload.length === 0 && <p class="quiet">No conversations yet. Start one as a customer.</p>}
					<ul class="conversation-list">
						{list.data?.data.payload.map((conversation) => (
							<li key={conversation.id}>
								<Link href={`/app/accounts/${props.accountId}/conversations/${conversation.id}`}>
									#{conversation.id} {conversation.meta.sender.name ?? 'Unknown contact'}
								</Link>{' '}
								<span class={`badge ${conversation.status}`}>{conversation.status}</span>{' '}
								<span class="quiet">
									{conversation.meta.assignee ? `assigned to ${conversation.meta.assignee.name}` : 'unassigned'} · last activity{' '}
									<Time at={conversation.last_activity_at} />
								</span>
							</li>
						))}
					</ul>
				</div>
			</div>
		</section>
	);
}
