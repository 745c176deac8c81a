import type { IHookFunctions } from 'n8n-workflow';

/** Chatwoot's `name` columns are plain strings; keep well under any database limit. */
const NAME_LIMIT = 200;

/** "Listen for test event" registers under n8n's /webhook-test/ URL, in activation mode 'manual'. */
export function isTestRegistration(hooks: IHookFunctions, url: string): boolean {
	return hooks.getActivationMode() === 'manual' || url.includes('/webhook-test/');
}

/** What the trigger names its webhook or agent bot in Chatwoot: the workflow, so a person knows whose it is. */
export function registrationName(hooks: IHookFunctions, url: string): string {
	const workflow = hooks.getWorkflow();
	const workflowName = workflow.name || `workflow ${workflow.id ?? ''}`.trim();
	return `${isTestRegistration(hooks, url) ? 'n8n test: ' : 'n8n: '}${workflowName}`.slice(0, NAME_LIMIT);
}
