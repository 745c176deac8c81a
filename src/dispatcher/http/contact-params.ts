import { z } from 'zod';

import { attributesHash, railsBoolean, recordId } from './parse-params';

/** `ContactsController#permitted_params`: name, identifier, email, phone_number, blocked, attribute hashes. */
export const contactParams = z.object({
	name: z.string().nullable().optional(),
	email: z.string().nullable().optional(),
	phone_number: z.string().nullable().optional(),
	identifier: z.string().nullable().optional(),
	additional_attributes: attributesHash.optional(),
	custom_attributes: attributesHash.optional(),
	blocked: railsBoolean.optional(),
});

/** Create also takes the inbox to put the contact in, and optionally its source id there. */
export const newContactParams = contactParams.extend({
	inbox_id: recordId.optional(),
	source_id: z.string().optional(),
});

/** `contacts/labels#create`: the new list; absent means none. */
export const contactLabelsParams = z.object({
	labels: z.array(z.string()).optional(),
});
