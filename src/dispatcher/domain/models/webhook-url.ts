/**
 * Chatwoot validates `url` with `format: URI::DEFAULT_PARSER.make_regexp(%w[http https])`. That regexp is
 * `(?=http:|https:)` followed by RFC 2396's absolute-URI pattern, whose path, query and fragment are all
 * optional, and the format validator does not anchor it. So any string that contains `http:` or `https:`
 * (case-sensitive, as the lookahead is) is accepted, wherever it appears; `javascript:alert(1)`,
 * `ftp://host` or `HTTPS://HOST` are refused. Emulating the loophole, not fixing it, keeps a flow that
 * works against the dispatcher working against Chatwoot, and the other way round.
 */
const CHATWOOT_URL_FORMAT = /https?:/;

export function matchesChatwootUrlFormat(url: string): boolean {
	return CHATWOOT_URL_FORMAT.test(url);
}

/** The dispatcher's stricter profile (Chatwoot's docs promise HTTPS; its code does not ask for it). */
export function isHttpsUrl(url: string): boolean {
	if (!/^https:\/\//i.test(url)) return false;
	try {
		new URL(url);
		return true;
	} catch {
		return false;
	}
}
