import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import {
	BASE_URL_EXPRESSION,
	PLAIN_HTTP_ELSEWHERE_PATTERN,
	PLAIN_HTTP_REFUSED,
} from '../nodes/Kustomer/core/transport/baseUrl';

export class KustomerApi implements ICredentialType {
	name = 'kustomerApi';

	displayName = 'Kustomer API';

	documentationUrl = 'https://developer.kustomer.com/docs/get-started/authentication';

	icon = { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create it in Kustomer under Settings → Security → API Keys, ' +
				'with the roles the operations you use need (see the README)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'org',
			options: [
				{
					name: 'Org Subdomain (Recommended)',
					value: 'org',
					description: 'https://{org}.api.kustomerapp.com, routed by Kustomer to your region',
				},
				{ name: 'US (Prod1)', value: 'us', description: 'https://api.kustomerapp.com' },
				{ name: 'EU (Prod2)', value: 'eu', description: 'https://api.prod2.kustomerapp.com' },
				{ name: 'India (Prod4)', value: 'in', description: 'https://api.prod4.kustomerapp.com' },
				{ name: 'Custom Base URL', value: 'custom', description: 'A gateway or proxy in front of Kustomer' },
			],
		},
		{
			displayName: 'Org Name',
			name: 'orgName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. acme',
			description: 'The subdomain you sign in to Kustomer with: for acme.kustomerapp.com enter acme',
			displayOptions: { show: { region: ['org'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://kustomer-gateway.example.com',
			description:
				'The origin, such as https://kustomer-gateway.example.com (a trailing /v1 is dropped). ' +
				'Must be https, except for localhost, so the key never travels unencrypted.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			// The test request cannot say this itself: n8n shows only a failed lookup of the refused host.
			displayName: PLAIN_HTTP_REFUSED,
			name: 'plainHttpNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: { region: ['custom'], baseUrl: [{ _cnd: { regex: PLAIN_HTTP_ELSEWHERE_PATTERN } }] },
			},
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/auth/tokens/current',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Kustomer did not accept the API key: check the key, and that Region is the one the key was created in',
				},
			},
		],
	};
}
