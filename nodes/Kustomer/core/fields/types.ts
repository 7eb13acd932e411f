/**
 * One Kustomer attribute, described once. The form (n8n properties), the request record and the input
 * checks of every operation that offers the attribute are derived from this description.
 */
export type FieldKind =
	| 'string'
	| 'text'
	| 'integer'
	| 'number'
	| 'boolean'
	| 'dateTime'
	| 'options'
	/** Kustomer IDs (24 hex characters): comma-separated text or an array. */
	| 'idList'
	/** Tag names: comma-separated text or an array. */
	| 'tagList'
	/** A Kustomer ID (24 hex characters). */
	| 'id'
	| 'url'
	/** Free JSON, for nested attributes that are rarely set by hand. */
	| 'json'
	/** A nested object with its own fields (e.g. snooze), shown as one group. */
	| 'object'
	/** A list of nested objects (e.g. emails), shown as repeatable groups. */
	| 'objectList'
	/** Custom attributes, name/value pairs typed by the name's suffix. */
	| 'custom';

/** Which operations offer a field: `create` covers Create and Bulk Create, `update` covers Update and Bulk Update. */
export type FieldUse = 'create' | 'update';

export interface FieldOption {
	name: string;
	value: string | number;
	description?: string;
}

export interface FieldSpec {
	/** Kustomer's attribute name, also the n8n option name inside Update Fields / Additional Fields. */
	attribute: string;
	/** What a person sees in the form. */
	label: string;
	kind: FieldKind;
	use: readonly FieldUse[];
	description?: string;
	placeholder?: string;
	/** Allowed values for `options`; `createValues` narrows them on create (conversation status). */
	options?: FieldOption[];
	createValues?: Array<string | number>;
	min?: number;
	max?: number;
	maxLength?: number;
	minLength?: number;
	maxItems?: number;
	/** For `json`: the JSON type Kustomer expects. */
	jsonShape?: 'object' | 'array';
	/** Sub-fields of an `object` or `objectList`. */
	fields?: FieldSpec[];
	/** Inside an `object`/`objectList`: the sub-field must be given. */
	required?: boolean;
	/**
	 * A system attribute (times and states Kustomer keeps, revisions, imports): offered in "Advanced Fields",
	 * so the fields a person sets come first.
	 */
	advanced?: boolean;
	/**
	 * A one-value shortcut into a list attribute (`email` → `emails: [{ email }]`), added to what the list
	 * itself gives: the plain field for the common case of one email or phone.
	 */
	into?: { list: string; key: string };
	default?: string | number | boolean;
	/** For `custom`: parameters besides the resource that decide which attributes exist (a custom object's Klass). */
	dependsOn?: string[];
}
