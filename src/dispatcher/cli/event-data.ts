import { readFileSync } from 'node:fs';

import { UsageError } from './usage-error';

/** Keys that would reach Object.prototype through a plain object; refused rather than silently dropped. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `42`, `true`, `null`, `{"a":1}` and `"quoted"` are JSON; anything else is the string as typed. */
function parseValue(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Reads `--data file.json`: a JSON object. */
export function readDataFile(path: string): JsonObject {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new UsageError(`--data ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new UsageError(`--data ${path} is not valid JSON: ${(error as Error).message}`);
	}
	if (!isObject(data)) throw new UsageError(`--data ${path} must hold a JSON object`);
	return data;
}

/**
 * Applies `--set path=value` assignments in order: `content=Hello`, `conversation.status=open`,
 * `sender.id=7`. A dotted path creates the objects it needs.
 */
export function applyAssignments(data: JsonObject, assignments: readonly string[]): JsonObject {
	const result: JsonObject = structuredClone(data);
	for (const assignment of assignments) {
		const separator = assignment.indexOf('=');
		if (separator <= 0) throw new UsageError(`--set ${assignment}: expected path=value, e.g. --set content=Hello`);
		const keys = assignment.slice(0, separator).split('.');
		if (keys.some((key) => key === '' || FORBIDDEN_KEYS.has(key))) {
			throw new UsageError(`--set ${assignment}: "${assignment.slice(0, separator)}" is not a usable path`);
		}
		let target = result;
		for (const key of keys.slice(0, -1)) {
			if (!isObject(target[key])) target[key] = {};
			target = target[key] as JsonObject;
		}
		target[keys[keys.length - 1]] = parseValue(assignment.slice(separator + 1));
	}
	return result;
}
