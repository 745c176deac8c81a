import './playground.css';

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { ApiError, get, type Connection } from './api';
import { ConnectPage } from './connect-page';
import { ConversationPage } from './conversation-page';
import { ConversationsPage } from './conversations-page';
import { DeliveriesPage } from './deliveries-page';
import { DeliveryPage } from './delivery-page';
import { EventsPage } from './events-page';
import { onLiveStatus, startLiveFeed, stopLiveFeed } from './live-feed';
import { Link, useLocation } from './router';
import { forgetToken, keepToken, storedToken, tokenFromFragment } from './session';
import { SignIn } from './sign-in';
import { WebhooksPage } from './webhooks-page';

const fromFragment = tokenFromFragment();
if (fromFragment) keepToken(fromFragment);

function Page(props: { connection: Connection }) {
	const { path, query } = useLocation();
	const account = props.connection.account_id;
	let match: RegExpMatchArray | null;
	if ((match = path.match(/^\/app\/accounts\/(\d+)\/conversations\/(\d+)\/?$/))) {
		return <ConversationPage accountId={Number(match[1])} conversationId={Number(match[2])} />;
	}
	if ((match = path.match(/^\/app\/accounts\/(\d+)\/conversations\/?$/))) return <ConversationsPage accountId={Number(match[1])} />;
	if ((match = path.match(/^\/app\/deliveries\/([0-9a-f-]+)\/?$/))) return <DeliveryPage deliveryId={match[1]} />;
	if (/^\/app\/deliveries\/?$/.test(path)) return <DeliveriesPage query={query} />;
	if (/^\/app\/events\/?$/.test(path)) return <EventsPage accountId={account} />;
	if (/^\/app\/webhooks\/?$/.test(path)) return <WebhooksPage accountId={account} />;
	if (/^\/app\/connect\/?$/.test(path)) return <ConnectPage connection={props.connection} />;
	if (path === '/' || path === '/app' || path === '/app/') {
		// The start page is the conversation list, at its own address so that reloading keeps it.
		history.replaceState(null, '', `/app/accounts/${account}/conversations`);
		return <ConversationsPage accountId={account} />;
	}
	return (
		<section>
			<h1>Nothing here</h1>
			<p>
				The playground has no page at <code>{path}</code>.
			</p>
		</section>
	);
}

function Navigation(props: { accountId: number; onSignOut: () => void }) {
	const { path } = useLocation();
	const [live, setLive] = useState(false);
	useEffect(() => onLiveStatus(setLive), []);
	const items = [
		{ href: `/app/accounts/${props.accountId}/conversations`, label: 'Conversations', prefix: `/app/accounts/` },
		{ href: '/app/deliveries', label: 'Deliveries', prefix: '/app/deliveries' },
		{ href: '/app/events', label: 'Events', prefix: '/app/events' },
		{ href: '/app/webhooks', label: 'Webhooks', prefix: '/app/webhooks' },
		{ href: '/app/connect', label: 'Connect n8n', prefix: '/app/connect' },
	];
	return (
		<nav aria-label="Playground">
			<p class="brand">Chatwoot dispatcher</p>
			<ul>
				{items.map((item) => (
					<li key={item.href}>
						<Link href={item.href} current={path.startsWith(item.prefix)}>
							{item.label}
						</Link>
					</li>
				))}
			</ul>
			<p class={live ? 'live on' : 'live'} role="status">
				{live ? 'Live: connected' : 'Live: reconnecting…'}
			</p>
			<button type="button" class="secondary" onClick={props.onSignOut}>
				Sign out
			</button>
		</nav>
	);
}

function App() {
	const [connection, setConnection] = useState<Connection | undefined>(undefined);
	const [problem, setProblem] = useState<string | undefined>(undefined);
	const [checking, setChecking] = useState(Boolean(storedToken()));

	const signIn = async () => {
		setChecking(true);
		try {
			const answer = await get<{ payload: Connection }>('/_dispatcher/connection');
			setConnection(answer.payload);
			setProblem(undefined);
			startLiveFeed();
		} catch (error) {
			forgetToken();
			setProblem(error instanceof ApiError && error.status === 401 ? 'That access token was refused.' : (error as Error).message);
		} finally {
			setChecking(false);
		}
	};
	useEffect(() => {
		if (storedToken()) void signIn();
	}, []);

	if (!connection) {
		return (
			<SignIn
				checking={checking}
				problem={problem}
				onToken={(token) => {
					keepToken(token);
					void signIn();
				}}
			/>
		);
	}
	return (
		<div class="shell">
			<a class="skip" href="#main">
				Skip to content
			</a>
			<Navigation
				accountId={connection.account_id}
				onSignOut={() => {
					forgetToken();
					stopLiveFeed();
					setConnection(undefined);
				}}
			/>
			<main id="main" tabIndex={-1}>
				<Page connection={connection} />
			</main>
		</div>
	);
}

const root = document.getElementById('root');
if (root) render(<App />, root);
