import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * Custom attributes as key/value pairs. Keys are the attribute keys defined in Chatwoot (Settings →
 * Custom Attributes); values are sent as text, which Chatwoot stores as given.
 */
export function customAttributesProperty(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'fixedCollection',
		placeholder: 'Add Attribute',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Custom attributes to set; the others keep their values',
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'e.g. plan',
						description: 'The attribute key as defined in Chatwoot',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
		...overrides,
	};
}

/** The pairs of a customAttributes parameter as one object; blank keys are skipped. */
export function readCustomAttributes(value: unknown): IDataObject {
	const pairs = (value as { attribute?: Array<{ key?: unknown; value?: unknown }> } | undefined)?.attribute ?? [];
	const attributes: IDataObject = {};
	for (const pair of pairs) {
		const key = String(pair.key ?? '').trim();
		if (key) attributes[key] = pair.value === undefined || pair.value === null ? '' : (pair.value as IDataObject[string]);
	}
	return attributes;
}
