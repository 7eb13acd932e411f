import type { FieldOption, FieldSpec, FieldUse } from './types';

/** Fields several resources share, described once. */
const BOTH: readonly FieldUse[] = ['create', 'update'];

export const DIRECTION_OPTIONS: FieldOption[] = [
	{ name: 'In (Started by the Customer)', value: 'in' },
	{ name: 'Out (Started by Your Team)', value: 'out' },
];

export const MESSAGE_CHANNEL_OPTIONS: FieldOption[] = [
	'chat',
	'email',
	'facebook',
	'instagram',
	'sms',
	'twitter-dm',
	'twitter-tweet',
	'voice',
	'whatsapp',
].map((value) => ({
	name: value === 'sms' ? 'SMS' : value.replace(/(^|-)(\w)/g, (_, dash, c) => `${dash ? ' ' : ''}${c.toUpperCase()}`),
	value,
}));

const capitalised = (value: string) => value[0].toUpperCase() + value.slice(1);

/** A field with a fixed set of values; plain values are shown capitalised. */
export function choice(
	attribute: string,
	label: string,
	use: readonly FieldUse[],
	options: Array<string | FieldOption>,
	extra: Partial<FieldSpec> = {},
): FieldSpec {
	return {
		attribute,
		label,
		kind: 'options',
		use,
		options: options.map((option) =>
			typeof option === 'string' ? { name: capitalised(option), value: option } : option,
		),
		...extra,
	};
}

/** A system attribute (FieldSpec.advanced): Kustomer keeps it, but an import from another system may carry it. */
export const advanced = (spec: FieldSpec): FieldSpec => ({ ...spec, advanced: true });

export function text(
	attribute: string,
	label: string,
	maxLength?: number,
	use = BOTH,
	extra: Partial<FieldSpec> = {},
): FieldSpec {
	return { attribute, label, kind: 'string', use, maxLength, ...extra };
}

export function date(attribute: string, label: string, use = BOTH, description?: string): FieldSpec {
	return { attribute, label, kind: 'dateTime', use, description };
}

export function id(attribute: string, label: string, use = BOTH, description?: string): FieldSpec {
	return { attribute, label, kind: 'id', use, description, placeholder: 'e.g. 6650c2e9a3b4c5d6e7f808aa' };
}

export const customField = (use = BOTH, extra: Partial<FieldSpec> = {}): FieldSpec => ({
	attribute: 'custom',
	label: 'Custom Attributes',
	kind: 'custom',
	use,
	description: 'Attributes your org defined in Kustomer (Settings → Platform → Klasses)',
	...extra,
});

export const tagsField = (use = BOTH): FieldSpec => ({
	attribute: 'tags',
	label: 'Tags',
	kind: 'tagList',
	use,
	maxItems: 20,
	description: 'Replaces the whole tag list.',
	placeholder: 'e.g. vip, refund',
});

export const sentimentField = (use = BOTH): FieldSpec => ({
	attribute: 'sentiment',
	label: 'Sentiment',
	kind: 'object',
	use,
	fields: [
		{
			attribute: 'polarity',
			label: 'Polarity',
			kind: 'options',
			use,
			required: true,
			default: 0,
			options: [
				{ name: 'Negative', value: -1 },
				{ name: 'Neutral', value: 0 },
				{ name: 'Positive', value: 1 },
			],
		},
		{ attribute: 'confidence', label: 'Confidence', kind: 'number', use, required: true, min: -1, max: 1, default: 1 },
	],
});

export const importedAtField = (use: readonly FieldUse[] = ['create']): FieldSpec =>
	date(
		'importedAt',
		'Imported At',
		use,
		'Marks the record as imported; Kustomer then exempts it from the per-customer create limit of 120 a minute',
	);

export const defaultLangField = (): FieldSpec =>
	text('defaultLang', 'Default Language', 100, BOTH, { placeholder: 'e.g. en_us' });
