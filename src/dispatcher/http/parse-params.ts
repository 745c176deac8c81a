import { z } from 'zod';

/**
 * Issues the schema gave no message of their own read "is invalid", Rails' wording; the error mapper
 * prefixes the humanised attribute, as `full_messages` does. A contextual error map wins over a schema's
 * message in zod 3, so it hands back the schema's message whenever that differs from zod's default.
 */
export const railsErrorMap: z.ZodErrorMap = (issue, ctx) => {
	const zodDefault = z.defaultErrorMap(issue, { data: ctx.data, defaultError: '' }).message;
	return { message: ctx.defaultError === zodDefault ? 'is invalid' : ctx.defaultError };
};

/** Parses a request body with a zod schema; a missing body is an empty one, as Rails' params are. */
export function parseParams<Schema extends z.ZodTypeAny>(schema: Schema, body: unknown): z.output<Schema> {
	return schema.parse(body ?? {}, { errorMap: railsErrorMap });
}

/** An id as Rails reads it from JSON or a form: an integer or a string of digits. */
export const recordId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

/** A boolean as ActiveModel casts it: JSON booleans, or the strings a form sends. */
export const railsBoolean = z.union([
	z.boolean(),
	z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1'),
]);

/** A jsonb attributes hash (`additional_attributes: {}` in a permit list). */
export const attributesHash = z.record(z.unknown());
