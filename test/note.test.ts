import { credentialsFor, requestsTo, useMockKustomer } from './support/kustomer';
import { runKustomer } from './support/n8n';

const mock = useMockKustomer();
const USER = '6650c2f1a3b4c5d6e7f80b01';
const TEAM = '6650c2f1a3b4c5d6e7f80c01';

describe('Conversation → Add Note', () => {
	it('posts the note with its mentions to the conversation and outputs the note', async () => {
		const id = mock().seed('conversation', { status: 'open' });
		const { items, error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'addNote', conversationId: '={{ $json.id }}', note: '={{ "Refund approved for " + $json.order }}', mentionUsers: [USER], mentionTeams: `={{ ["${TEAM}"] }}` },
			items: [{ id, order: 4417 }],
			credentials: credentialsFor(mock()),
		});
		expect(error).toBeUndefined();
		const [request] = requestsTo(mock(), '/v1/conversations');
		expect([request.method, request.path]).toEqual(['POST', `/v1/conversations/${id}/notes`]);
		expect(request.body).toEqual({ body: 'Refund approved for 4417', userMentions: [{ user: USER }, { team: TEAM }] });
		expect(items).toEqual([expect.objectContaining({ json: expect.objectContaining({ body: 'Refund approved for 4417', conversation: id }), pairedItem: { item: 0 } })]);
	});

	it('refuses an empty note before sending', async () => {
		const id = mock().seed('conversation', { status: 'open' });
		const { error } = await runKustomer({
			parameters: { resource: 'conversation', operation: 'addNote', conversationId: id, note: '={{ "" }}' },
			items: [{}],
			credentials: credentialsFor(mock()),
		});
		expect(error?.message).toBe('Invalid Note: is empty');
		expect(mock().requests).toHaveLength(0);
	});

	it('is not resent after a 500 (a note may have been created) and names the role on 403', async () => {
		const id = mock().seed('conversation', { status: 'open' });
		mock().addFault({ method: 'POST', path: `/v1/conversations/${id}/notes`, kind: 'status', status: 500 });
		const first = await runKustomer({ parameters: { resource: 'conversation', operation: 'addNote', conversationId: id, note: 'x' }, items: [{}], credentials: credentialsFor(mock()) });
		expect(first.error?.message).toMatch(/^Kustomer answered 500/);
		expect(requestsTo(mock(), '/v1/conversations')).toHaveLength(1);
		mock().addFault({ method: 'POST', path: `/v1/conversations/${id}/notes`, kind: 'status', status: 403 });
		const second = await runKustomer({ parameters: { resource: 'conversation', operation: 'addNote', conversationId: id, note: 'x' }, items: [{}], credentials: credentialsFor(mock()) });
		expect(second.error?.message).toBe('The API key lacks the role org.permission.note.create (legacy org.user.note.write)');
	});
});
