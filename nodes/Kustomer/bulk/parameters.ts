import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ParameterReader } from '../core/resource';

type ReadOptions = Parameters<ParameterReader>[2];
type Resolve = (itemIndex: number) => unknown;

/** An expression that only names a field of the item: `{{ $json.id }}`, `{{ $json.order["number"] }}`. */
const JSON_FIELD = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"[^"\\]*"|'[^'\\]*'|\d+)\s*\])+)\s*\}\}$/;
const FIELD_STEP = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\s*\]/g;
/** Resource locator modes whose value is the ID itself; other modes (By URL) need n8n to extract it. */
const PLAIN_LOCATOR_MODES = new Set(['id', 'list']);

const isExpression = (value: unknown): value is string => typeof value === 'string' && value.startsWith('=');

function hasExpression(value: unknown): boolean {
	if (isExpression(value)) return true;
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value).some(hasExpression);
}

function jsonFieldPath(expression: string): string[] | undefined {
	const steps = JSON_FIELD.exec(expression)?.[1];
	return steps === undefined ? undefined : [...steps.matchAll(FIELD_STEP)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/**
 * Reads node parameters for every input item of a run at the least cost n8n allows. Each expression n8n
 * evaluates costs about a tenth of a millisecond (a data proxy per value), which at 100,000 items is most of
 * a bulk run's CPU, so: a parameter without expressions is read once for the run; inside a collection only
 * the values that are expressions are evaluated per item; an expression that only names a field of the item
 * (`{{ $json.id }}`, the usual way to give each record its ID) is read from the item when it holds a plain
 * value; every other expression is evaluated by n8n for its item, as getNodeParameter would.
 */
export class RunParameters {
	private readonly plans = new Map<string, Resolve>();
	private readonly items: Array<{ json: IDataObject }>;

	constructor(private readonly context: IExecuteFunctions) {
		this.items = context.getInputData();
	}

	/** The reader of one item, with the semantics of `getNodeParameter(name, itemIndex, fallback, options)`. */
	forItem(itemIndex: number): ParameterReader {
		return (name, fallback, options) => {
			const key = `${name}|${options?.extractValue ? 'x' : ''}`;
			let resolve = this.plans.get(key);
			if (!resolve) this.plans.set(key, (resolve = this.plan(name, fallback, options)));
			return resolve(itemIndex);
		};
	}

	private plan(name: string, fallback: unknown, options: ReadOptions): Resolve {
		// A dotted name (`columns.value`) reads inside its parameter, as getNodeParameter does.
		const parameters = this.context.getNode().parameters as IDataObject;
		const raw = name.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], parameters);
		const read = (itemIndex: number) => this.context.getNodeParameter(name, itemIndex, fallback, options);
		if (!hasExpression(raw)) {
			const value = read(0);
			return () => value;
		}
		if (options?.extractValue && typeof raw === 'object' && raw !== null) {
			const locator = raw as IDataObject;
			if (!PLAIN_LOCATOR_MODES.has(String(locator.mode))) return read;
			const value = this.planValue(locator.value, `${name}.value`);
			return (itemIndex) => value(itemIndex);
		}
		return this.planValue(raw, name);
	}

	/** How to resolve one raw value per item; `path` names it for getNodeParameter. */
	private planValue(raw: unknown, path: string): Resolve {
		if (!hasExpression(raw)) return () => raw;
		if (isExpression(raw)) {
			const evaluate = (itemIndex: number) => this.context.getNodeParameter(path, itemIndex);
			const field = jsonFieldPath(raw);
			if (!field) return evaluate;
			return (itemIndex) => {
				let value: unknown = this.items[itemIndex]?.json;
				for (const step of field) value = (value as IDataObject | undefined)?.[step];
				const plain = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
				return plain ? value : evaluate(itemIndex);
			};
		}
		if (Array.isArray(raw)) {
			const parts = raw.map((value, index) => this.planValue(value, `${path}[${index}]`));
			return (itemIndex) => parts.map((part) => part(itemIndex));
		}
		const parts = Object.entries(raw as IDataObject).map(
			([key, value]) => [key, this.planValue(value, `${path}.${key}`)] as const,
		);
		return (itemIndex) => {
			const value: IDataObject = {};
			for (const [key, part] of parts) value[key] = part(itemIndex) as IDataObject[string];
			return value;
		};
	}
}
