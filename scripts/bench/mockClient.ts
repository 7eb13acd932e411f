/** The benchmark's side of the mock Kustomer API running in its own process (mockProcess.ts), spoken to over IPC. */
import { fork, type ChildProcess } from 'child_process';
import { join } from 'path';

export const API_KEY = 'bench-key';

export class MockProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly baseUrl: string,
	) {}

	static start(options: object): Promise<MockProcess> {
		const child = fork(join(__dirname, 'mockProcess.js'), [JSON.stringify({ apiKey: API_KEY, ...options })]);
		return new Promise((resolve) =>
			child.once('message', (message: { baseUrl: string }) => resolve(new MockProcess(child, message.baseUrl))),
		);
	}

	ask<T>(message: object): Promise<T> {
		return new Promise((resolve) => {
			this.child.once('message', (answer) => resolve(answer as T));
			this.child.send(message);
		});
	}

	async stop() {
		this.child.send({ type: 'stop' });
		await new Promise((resolve) => this.child.once('exit', resolve));
	}
}
