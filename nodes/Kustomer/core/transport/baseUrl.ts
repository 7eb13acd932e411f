/**
 * Where requests go. Kustomer serves each org from one regional host; the key only works there.
 * The same rule exists twice on purpose: as an n8n expression (the credential test and the declarative
 * router resolve `baseURL` from it) and as a function (the bulk engine builds its own URLs).
 * `baseUrl.test.ts` proves they agree for every region.
 */

export type KustomerRegion = 'org' | 'us' | 'eu' | 'in' | 'custom';

export interface KustomerCredentials {
	apiKey: string;
	region: KustomerRegion;
	orgName?: string;
	baseUrl?: string;
}

export const REGION_HOSTS: Record<Exclude<KustomerRegion, 'org' | 'custom'>, string> = {
	us: 'https://api.kustomerapp.com',
	eu: 'https://api.prod2.kustomerapp.com',
	in: 'https://api.prod4.kustomerapp.com',
};

const LOOPBACK_HTTP = /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/|$)/i;

/** A custom URL typed with plain http to another host, for the credential form's warning (a display condition). */
export const PLAIN_HTTP_ELSEWHERE_PATTERN =
	'^\\s*[hH][tT][tT][pP]://(?!(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(/|$))';

/** Whether a URL is plain http to this machine (a local gateway, or the mock Kustomer of the tests). */
export function isLoopbackHttp(url: string): boolean {
	return LOOPBACK_HTTP.test(url);
}

/** Trailing slashes and a trailing `/v1`: the node adds `/v1` itself, and many people paste it. */
const TRAILING_V1 = /\/*(\/v1)?\/*$/i;

export const PLAIN_HTTP_REFUSED =
	'Use https: with plain http to a host that is not this machine, the API key would travel unencrypted. ' +
	'Change the custom base URL to https:// (plain http is accepted only for localhost / 127.0.0.1).';

/** The origin for a credential, without `/v1` (dropped if given) or a trailing slash; throws on an unusable one. */
export function kustomerOrigin(credentials: KustomerCredentials): string {
	switch (credentials.region) {
		case 'org': {
			const org = (credentials.orgName ?? '').trim().toLowerCase();
			if (!/^[a-z0-9][a-z0-9-]*$/.test(org)) {
				throw new Error(
					'The Kustomer credential needs the org name: the subdomain you sign in with ' +
						'(for "acme.kustomerapp.com" enter "acme").',
				);
			}
			return `https://${org}.api.kustomerapp.com`;
		}
		case 'custom': {
			const url = (credentials.baseUrl ?? '').trim().replace(TRAILING_V1, '');
			if (!/^https?:\/\/[^/\s]+/i.test(url)) {
				throw new Error(
					'The Kustomer credential\'s custom base URL must be an origin such as "https://kustomer-gateway.example.com".',
				);
			}
			if (/^http:/i.test(url) && !isLoopbackHttp(url)) throw new Error(PLAIN_HTTP_REFUSED);
			return url;
		}
		default: {
			const host = REGION_HOSTS[credentials.region as keyof typeof REGION_HOSTS];
			if (!host) throw new Error(`Unknown Kustomer region "${credentials.region}"`);
			return host;
		}
	}
}

/**
 * The same rule as `kustomerOrigin`, as an expression over `$credentials`. An unusable URL resolves to a
 * host under the reserved `.invalid` domain whose name says what is wrong, so no request can reach anyone.
 */
export const BASE_URL_EXPRESSION =
	'={{ (() => {' +
	" const c = $credentials; const r = c.region || 'org';" +
	" if (r === 'us') return 'https://api.kustomerapp.com';" +
	" if (r === 'eu') return 'https://api.prod2.kustomerapp.com';" +
	" if (r === 'in') return 'https://api.prod4.kustomerapp.com';" +
	" if (r === 'custom') {" +
	"  const u = String(c.baseUrl || '').trim().replace(/\\/*(\\/v1)?\\/*$/i, '');" +
	"  if (/^http:/i.test(u) && !/^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(u))" +
	" return 'https://plain-http-refused-use-https.invalid';" +
	'  return u;' +
	' }' +
	" return 'https://' + String(c.orgName || '').trim().toLowerCase() + '.api.kustomerapp.com';" +
	' })() }}';
