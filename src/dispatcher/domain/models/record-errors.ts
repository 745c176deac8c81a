/**
 * How the domain refuses a request, in the three ways Chatwoot's controllers do. The HTTP layer maps each
 * to Chatwoot's status and body in one place; the domain never knows about HTTP.
 */

/** `ActiveRecord::RecordInvalid`: 422 `{"message": <full messages joined by ", ">, "attributes": [...]}`. */
export class RecordInvalid extends Error {
	readonly errors: ReadonlyArray<{ readonly attribute: string; readonly message: string }>;

	constructor(errors: ReadonlyArray<{ attribute: string; message: string }>) {
		super(errors.map((error) => error.message).join(', '));
		this.name = 'RecordInvalid';
		this.errors = errors;
	}

	get attributes(): string[] {
		return [...new Set(this.errors.map((error) => error.attribute))];
	}
}

/** `ActiveRecord::RecordNotFound`: 404 `{"error":"Resource could not be found"}`. */
export class RecordNotFound extends Error {
	constructor(what: string) {
		super(`${what} could not be found`);
		this.name = 'RecordNotFound';
	}
}

/** `Pundit::NotAuthorizedError`: 401 `{"error":"You are not authorized to do this action"}`. */
export class NotAuthorized extends Error {
	constructor(what: string) {
		super(`Not authorized to ${what}`);
		this.name = 'NotAuthorized';
	}
}

/** `ActionController::ParameterMissing` from `params.require(:root)`. */
export class ParameterMissing extends Error {
	readonly param: string;

	constructor(param: string) {
		super(`param is missing or the value is empty: ${param}`);
		this.name = 'ParameterMissing';
		this.param = param;
	}
}

/** Collects validation failures the way ActiveModel::Errors does, then raises them together. */
export class Validation {
	private readonly errors: Array<{ attribute: string; message: string }> = [];

	/** `fullMessage` is what Rails prints: the humanised attribute, a space, the message. */
	add(attribute: string, fullMessage: string): void {
		this.errors.push({ attribute, message: fullMessage });
	}

	get failed(): boolean {
		return this.errors.length > 0;
	}

	raiseIfFailed(): void {
		if (this.failed) throw new RecordInvalid(this.errors);
	}
}
