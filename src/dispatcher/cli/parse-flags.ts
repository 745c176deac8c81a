import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './usage-error';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedFlags {
	readonly values: Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;
	readonly positionals: string[];
}

/**
 * node:util's parseArgs in strict mode, with its errors turned into one readable line ("Unknown option
 * '--prot'") rather than a TypeError with a stack. Positional counts are checked unless --help was asked.
 */
export function parseFlags(args: string[], options: FlagSpec, positionals: { min: number; max: number; name?: string }): ParsedFlags {
	let parsed;
	try {
		parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals.max > 0 });
	} catch (error) {
		throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, ''));
	}
	if (parsed.values.help !== true) {
		if (parsed.positionals.length < positionals.min) throw new UsageError(`Missing ${positionals.name ?? 'argument'}`);
		if (parsed.positionals.length > positionals.max) {
			throw new UsageError(`Unexpected argument '${parsed.positionals[positionals.max]}'`);
		}
	}
	return { values: parsed.values, positionals: parsed.positionals };
}

export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
	const value = flags.values[name];
	return typeof value === 'string' ? value : undefined;
}

export function listFlag(flags: ParsedFlags, name: string): string[] {
	const value = flags.values[name];
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function booleanFlag(flags: ParsedFlags, name: string): boolean {
	return flags.values[name] === true;
}

/** A whole number within bounds, or a usage error naming the flag. */
export function integerFlag(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
	if (text === undefined) return fallback;
	if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
		throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
	}
	return Number(text);
}
