import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	attributeNames,
	changedWatched,
	envelopeOf,
	eventItem,
	isRepeat,
	remember,
	SIGNATURE_HEADER,
	signatureMatches,
} from './delivery';
import { loadOptions } from './events';
import { triggerState, webhookMethods } from './registration';

export class KustomerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kustomer Trigger',
		name: 'kustomerTrigger',
		icon: { light: 'file:kustomer.svg', dark: 'file:kustomer.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when conversations, customers, messages, users or teams change in Kustomer',
		defaults: { name: 'Kustomer Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kustomerApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events arrive while the workflow is active. Kustomer sends no delete events.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Event Names or IDs',
				name: 'events',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getEvents' },
				required: true,
				default: [],
				description:
					'The Kustomer events that start the workflow (at most 12). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Only When These Attributes Changed',
						name: 'onlyWhenChanged',
						type: 'string',
						default: '',
						placeholder: 'e.g. status, assignedTeams, tierStr',
						description:
							'For update events: start only when one of these attributes ' +
							'(comma-separated; custom attributes by their name) changed. ' +
							'Other updates are acknowledged and start nothing; create events always start.',
					},
					{
						displayName: 'Raw Envelope',
						name: 'rawEnvelope',
						type: 'boolean',
						default: false,
						description:
							"Whether to output Kustomer's event envelope as delivered instead of the flattened record " +
							'with the event beside it',
					},
				],
			},
		],
	};

	methods = { loadOptions };

	webhookMethods = webhookMethods;

	/**
	 * Every answer is sent here rather than by n8n: n8n keeps static data written in webhook() (the
	 * envelope IDs that recognise a repeat) only when the node answered the request itself.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const answer = (status: number, message: string) => {
			response.status(status).json({ message });
			return { noWebhookResponse: true };
		};
		const state = triggerState(this);
		const rawBody = this.getRequestObject().rawBody as Buffer | undefined;
		if (!state.token || !rawBody || !signatureMatches(rawBody, state.token, this.getHeaderData()[SIGNATURE_HEADER])) {
			return answer(401, 'Missing or wrong X-Kustomer-Webhook-Signature');
		}
		const envelope = envelopeOf(rawBody);
		if (!envelope) return answer(400, 'The body is not a Kustomer event envelope');
		const envelopeId = typeof envelope.id === 'string' ? envelope.id : undefined;
		const triggerKey = `${this.getWorkflow().id}/${this.getNode().id}`;
		if (envelopeId && isRepeat(state, triggerKey, envelopeId)) return answer(200, 'Already received');
		const options = this.getNodeParameter('options', {}) as { onlyWhenChanged?: string; rawEnvelope?: boolean };
		if (!changedWatched(envelope, attributeNames(options.onlyWhenChanged))) {
			return answer(200, 'No watched attribute changed');
		}
		if (envelopeId) remember(state, triggerKey, envelopeId);
		answer(200, 'Received');
		return { noWebhookResponse: true, workflowData: [[{ json: eventItem(envelope, options.rawEnvelope === true) }]] };
	}
}
