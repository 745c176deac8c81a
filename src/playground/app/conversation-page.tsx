import { useEffect, useRef, useState } from 'preact/hooks';

import { accountPath, get, post, type Agent, type Conversation, type DeliveryPage, type Message } from './api';
import { Problem } from './problem';
import { Link } from './router';
import { Time } from './time-ago';
import { useLiveReload, useResource } from './use-resource';

interface MessageList {
	meta: Record<string, unknown>;
	payload: Message[];
}

/** `GET /_dispatcher/bot_loop`: whether the conversation's outgoing messages come too fast to be people. */
interface BotLoop {
	likely: boolean;
	reason: string | null;
}

interface Team {
	id: number;
	name: string;
}

const AUTHORS = {
	customer: { label: 'Customer', params: { message_type: 'incoming' } },
	agent: { label: 'Agent reply', params: { message_type: 'outgoing' } },
	note: { label: 'Private note', params: { message_type: 'outgoing', private: true } },
} as const;
type Author = keyof typeof AUTHORS;

const KIND = ['incoming', 'outgoing', 'activity', 'template'];

function MessageItem(props: { message: Message }) {
	const { message } = props;
	const kind = message.private ? 'note' : (KIND[message.message_type] ?? 'activity');
	const who =
		kind === 'activity' ? 'Activity' : kind === 'note' ? `Private note by ${message.sender?.name ?? 'an agent'}` : (message.sender?.name ?? kind);
	return (
		<li class={`message ${kind}`}>
			<span class="meta">
				{who} · <Time at={message.created_at} />
			</span>
			<span class="content">{message.content}</span>
		</li>
	);
}

function Composer(props: { path: string; onSent: () => void }) {
	const [author, setAuthor] = useState<Author>('customer');
	const [content, setContent] = useState('');
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const send = async (event: Event) => {
		event.preventDefault();
		if (!content.trim()) return;
		try {
			await post(`${props.path}/messages`, { content, ...AUTHORS[author].params });
			setContent('');
			setProblem(undefined);
			props.onSent();
		} catch (error) {
			setProblem((error as Error).message);
		}
	};
	return (
		<form class="composer" onSubmit={send}>
			<fieldset class="inline">
				<legend>Write as</legend>
				{(Object.keys(AUTHORS) as Author[]).map((key) => (
					<label key={key}>
						<input type="radio" name="author" checked={author === key} onChange={() => setAuthor(key)} /> {AUTHORS[key].label}
					</label>
				))}
			</fieldset>
			<label for="message-content" class="visually-hidden">
				Message
			</label>
			<textarea
				id="message-content"
				rows={2}
				value={content}
				placeholder={author === 'customer' ? 'Type as the customer…' : 'Type as the agent…'}
				onInput={(event) => setContent(event.currentTarget.value)}
				onKeyDown={(event) => {
					if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
				}}
			/>
			<button type="submit">Send</button>
			<Problem message={problem} />
		</form>
	);
}

/** Acting as an agent: status, assignee, team and labels, each through Chatwoot's own route. */
function AgentActions(props: { path: string; accountId: number; conversation: Conversation; onDone: () => void }) {
	const agents = useResource(() => get<Agent[]>(accountPath(props.accountId, '/agents')), [props.accountId]);
	const teams = useResource(() => get<Team[]>(accountPath(props.accountId, '/teams')), [props.accountId]);
	// Chatwoot's account labels; the labels form shows only where the dispatcher offers them.
	const accountLabels = useResource(() => get<{ payload: unknown[] }>(accountPath(props.accountId, '/labels')), [props.accountId]);
	const [labels, setLabels] = useState('');
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const act = async (path: string, body: unknown) => {
		try {
			await post(`${props.path}${path}`, body);
			setProblem(undefined);
			props.onDone();
		} catch (error) {
			setProblem((error as Error).message);
		}
	};
	const { conversation } = props;
	return (
		<div class="card actions">
			<h2>Act as an agent</h2>
			<div class="row">
				{conversation.status === 'resolved' ? (
					<button type="button" onClick={() => act('/toggle_status', { status: 'open' })}>
						Reopen
					</button>
				) : (
					<button type="button" onClick={() => act('/toggle_status', { status: 'resolved' })}>
						Resolve
					</button>
				)}
				{conversation.status !== 'pending' && (
					<button type="button" class="secondary" onClick={() => act('/toggle_status', { status: 'pending' })}>
						Mark pending
					</button>
				)}
			</div>
			<label>
				Assignee
				<select
					value={String(conversation.meta.assignee?.id ?? '')}
					onChange={(event) => act('/assignments', { assignee_id: event.currentTarget.value ? Number(event.currentTarget.value) : null })}
				>
					<option value="">Nobody</option>
					{agents.data?.map((agent) => (
						<option key={agent.id} value={agent.id}>
							{agent.name} ({agent.role})
						</option>
					))}
				</select>
			</label>
			{teams.data && (
				<label>
					Team
					<select
						value={String(conversation.meta.team?.id ?? '')}
						onChange={(event) => act('/assignments', { team_id: event.currentTarget.value ? Number(event.currentTarget.value) : 0 })}
					>
						<option value="">No team</option>
						{teams.data.map((team) => (
							<option key={team.id} value={team.id}>
								{team.name}
							</option>
						))}
					</select>
				</label>
			)}
			{accountLabels.data && (
				<form
					onSubmit={(event) => {
						event.preventDefault();
						const added = labels.split(',').map((label) => label.trim()).filter(Boolean);
						void act('/labels', { labels: [...conversation.labels, ...added] }).then(() => setLabels(''));
					}}
				>
					<label>
						Add labels (comma separated)
						<input value={labels} onInput={(event) => setLabels(event.currentTarget.value)} />
					</label>
					<button type="submit" class="secondary">
						Add labels
					</button>
				</form>
			)}
			<Problem message={problem ?? agents.error} />
		</div>
	);
}

function Details(props: { conversation: Conversation }) {
	const { conversation } = props;
	const attributes = Object.entries(conversation.custom_attributes ?? {});
	return (
		<dl class="details">
			<dt>Status</dt>
			<dd>
				<span class={`badge ${conversation.status}`}>{conversation.status}</span>
			</dd>
			<dt>Assignee</dt>
			<dd>{conversation.meta.assignee?.name ?? 'Nobody'}</dd>
			<dt>Team</dt>
			<dd>{conversation.meta.team?.name ?? 'None'}</dd>
			<dt>Priority</dt>
			<dd>{conversation.priority ?? 'None'}</dd>
			<dt>Labels</dt>
			<dd>{conversation.labels.length ? conversation.labels.map((label) => <span class="tag" key={label}>{label}</span>) : 'None'}</dd>
			<dt>Custom attributes</dt>
			<dd>{attributes.length ? attributes.map(([key, value]) => <div key={key}>{key}: {JSON.stringify(value)}</div>) : 'None'}</dd>
		</dl>
	);
}

export function ConversationPage(props: { accountId: number; conversationId: number }) {
	const path = accountPath(props.accountId, `/conversations/${props.conversationId}`);
	const conversation = useResource(() => get<Conversation>(path), [path]);
	const messages = useResource(() => get<MessageList>(`${path}/messages`), [path]);
	const deliveries = useResource(
		() => get<DeliveryPage>(`/_dispatcher/deliveries?conversation_id=${props.conversationId}&account_id=${props.accountId}&limit=20`),
		[path],
	);
	const loop = useResource(
		() => get<{ payload: BotLoop }>(`/_dispatcher/bot_loop?account_id=${props.accountId}&conversation_id=${props.conversationId}`),
		[path],
	);
	const thread = useRef<HTMLOListElement>(null);
	// Like a chat, the thread follows the newest message.
	useEffect(() => {
		if (thread.current) thread.current.scrollTop = thread.current.scrollHeight;
	}, [messages.data]);
	const reload = () => {
		conversation.reload();
		messages.reload();
		deliveries.reload();
		loop.reload();
	};
	useLiveReload(reload, (notice) =>
		notice.type === 'conversation'
			? notice.data.id === props.conversationId
			: notice.data.conversation_id === props.conversationId,
	);
	return (
		<section>
			<p>
				<Link href={`/app/accounts/${props.accountId}/conversations`}>← All conversations</Link>
			</p>
			<h1>
				Conversation #{props.conversationId}
				{conversation.data ? ` with ${conversation.data.meta.sender.name ?? 'an unknown contact'}` : ''}
			</h1>
			<Problem message={conversation.error ?? messages.error} />
			{loop.data?.payload.likely && (
				<p role="alert" class="warning">
					A bot loop is likely: {loop.data.payload.reason}
				</p>
			)}
			<div class="columns wide-left">
				<div class="card thread">
					<h2 class="visually-hidden">Messages</h2>
					<ol class="messages" aria-live="polite" ref={thread}>
						{messages.data?.payload.map((message) => <MessageItem key={message.id} message={message} />)}
					</ol>
					<Composer path={path} onSent={reload} />
				</div>
				<div>
					{conversation.data && (
						<>
							<div class="card">
								<h2>Conversation</h2>
								<Details conversation={conversation.data} />
							</div>
							<AgentActions path={path} accountId={props.accountId} conversation={conversation.data} onDone={reload} />
						</>
					)}
					<div class="card">
						<h2>Deliveries of this conversation</h2>
						<ul class="plain">
							{deliveries.data?.payload.map((delivery) => (
								<li key={delivery.id}>
									<Link href={`/app/deliveries/${delivery.id}`}>{delivery.event}</Link> <span class={`badge ${delivery.status}`}>{delivery.status}</span>{' '}
									<span class="quiet">{delivery.attempts.at(-1)?.reading.summary ?? ''}</span>
								</li>
							))}
						</ul>
						<Link href={`/app/deliveries?conversation_id=${props.conversationId}`}>All of them in the delivery log</Link>
					</div>
				</div>
			</div>
		</section>
	);
}
