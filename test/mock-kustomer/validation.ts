/**
 * Per-resource request validation, modelled on Kustomer's OpenAPI schemas (additionalProperties:false,
 * enums, list limits, custom attribute suffixes). Returns the first issue found, or undefined.
 */
import type { ResourceName } from './types';

export interface ValidationIssue {
	detail: string;
	/** JSON pointer into the record, e.g. '/status', '/emails/0/email', '/custom/tier'. '/' = the whole body. */
	pointer: string;
}

type Rule = (value: unknown, field: string, pointer: string) => ValidationIssue | undefined;

const HEX24 = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const CUSTOM_KEY = /^[A-Za-z][A-Za-z0-9_]*?(Str|Txt|Num|At|Bool|Url|Id)$/;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isHexId(v: unknown): v is string {
	return typeof v === 'string' && HEX24.test(v);
}

export function isIsoDate(v: unknown): v is string {
	return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
}

const issue = (detail: string, pointer: string): ValidationIssue => ({ detail, pointer });

// ---- rule builders -------------------------------------------------------------------------------

const any: Rule = () => undefined;

const str =
	(max?: number, min = 0): Rule =>
	(v, f, p) => {
		if (typeof v !== 'string') return issue(`${f} must be a string`, p);
		if (v.length < min) return issue(`${f} must be at least ${min} characters`, p);
		if (max !== undefined && v.length > max) return issue(`${f} must be at most ${max} characters`, p);
		return undefined;
	};

const isoDate: Rule = (v, f, p) => (isIsoDate(v) ? undefined : issue(`${f} must be an ISO 8601 date`, p));

const bool: Rule = (v, f, p) => (typeof v === 'boolean' ? undefined : issue(`${f} must be a boolean`, p));

const num: Rule = (v, f, p) =>
	typeof v === 'number' && Number.isFinite(v) ? undefined : issue(`${f} must be a number`, p);

const int =
	(min: number, max: number): Rule =>
	(v, f, p) =>
		typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
			? undefined
			: issue(
					max === Number.MAX_SAFE_INTEGER
						? `${f} must be an integer >= ${min}`
						: `${f} must be an integer between ${min} and ${max}`,
					p,
				);

const oneOf =
	(...values: string[]): Rule =>
	(v, f, p) =>
		typeof v === 'string' && values.includes(v) ? undefined : issue(`${f} must be one of ${values.join(', ')}`, p);

const hexId: Rule = (v, f, p) => (isHexId(v) ? undefined : issue(`${f} must be a 24-character hex id`, p));

const obj: Rule = (v, f, p) => (isPlainObject(v) ? undefined : issue(`${f} must be an object`, p));

const array =
	(max: number, item?: Rule): Rule =>
	(v, f, p) => {
		if (!Array.isArray(v)) return issue(`${f} must be an array`, p);
		if (v.length > max) return issue(`${f} accepts at most ${max} items`, p);
		if (item) {
			for (let i = 0; i < v.length; i++) {
				const bad = item(v[i], `${f}[${i}]`, `${p}/${i}`);
				if (bad) return bad;
			}
		}
		return undefined;
	};

/** Array of objects each carrying a required string key (emails[].email, phones[].phone, ...). */
const objList = (max: number, requiredKey: string): Rule =>
	array(max, (v, f, p) => {
		if (!isPlainObject(v)) return issue(`${f} must be an object`, p);
		const k = v[requiredKey];
		if (typeof k !== 'string' || k.length === 0) return issue(`${f}.${requiredKey} is required`, `${p}/${requiredKey}`);
		return undefined;
	});

const tagList: Rule = array(20, (v, f, p) =>
	typeof v === 'string' && v.length >= 1 && v.length <= 64 ? undefined : issue(`${f} must be a tag of 1-64 characters`, p),
);

const idList: Rule = array(10, hexId);

const snooze: Rule = (v, f, p) => {
	if (!isPlainObject(v)) return issue(`${f} must be an object`, p);
	const status = oneOf('scheduled', 'canceled', 'elapsed')(v.status, `${f}.status`, `${p}/status`);
	if (status) return status;
	if (v.time !== undefined && v.time !== null) return isoDate(v.time, `${f}.time`, `${p}/time`);
	return undefined;
};

const custom: Rule = (v, f, p) => {
	if (!isPlainObject(v)) return issue(`${f} must be an object`, p);
	const keys = Object.keys(v);
	if (keys.length > 100) return issue(`${f} accepts at most 100 keys`, p);
	for (const key of keys) {
		const kp = `${p}/${key}`;
		const m = CUSTOM_KEY.exec(key);
		if (!m) return issue(`Invalid custom attribute ${key}: the name must end in Str, Txt, Num, At, Bool, Url or Id`, kp);
		const value = v[key];
		if (value === null) continue;
		const kf = `${f}.${key}`;
		switch (m[1]) {
			case 'Num':
				if (typeof value !== 'number' || !Number.isFinite(value)) return issue(`${kf} must be a number or null`, kp);
				break;
			case 'Bool':
				if (typeof value !== 'boolean') return issue(`${kf} must be a boolean or null`, kp);
				break;
			case 'At':
				if (!isIsoDate(value)) return issue(`${kf} must be an ISO 8601 date or null`, kp);
				break;
			case 'Str':
				if (typeof value !== 'string') return issue(`${kf} must be a string or null`, kp);
				if (value.length > 1024) return issue(`${kf} must be at most 1024 characters`, kp);
				break;
			default: // Txt, Url, Id
				if (typeof value !== 'string') return issue(`${kf} must be a string or null`, kp);
		}
	}
	return undefined;
};

// ---- per-resource field rules ---------------------------------------------------------------------

const COMMON: Record<string, Rule> = {
	id: hexId,
	customer: hexId,
	conversation: hexId,
	externalId: str(256, 1),
	name: str(256),
	createdAt: isoDate,
	importedAt: isoDate,
	updatedAt: isoDate,
	modifiedAt: isoDate,
	rev: int(0, Number.MAX_SAFE_INTEGER),
	custom,
	tags: tagList,
	defaultLang: str(),
	lang: str(),
	queue: obj,
};

// Companies, notes and KObjects (CreateCompany, CreateNoteWithinConversation, CreateKObject and their updates).
const RULES_DATA_MODEL: Record<'company' | 'note' | 'kobject', Record<string, Rule>> = {
	company: {
		...COMMON,
		name: str(256, 3),
		avatarUrl: str(),
		emails: objList(10, 'email'),
		phones: objList(10, 'phone'),
		whatsapps: objList(10, 'phone'),
		socials: objList(10, 'username'),
		urls: objList(10, 'url'),
		domains: objList(10, 'domain'),
		locations: array(10, obj),
		employeeCount: num,
		deleted: bool,
	},
	note: {
		...COMMON,
		conversation: hexId,
		body: str(10240, 1),
		userMentions: array(20, obj),
		attachments: array(1000, obj),
		deleted: bool,
		createdBy: hexId,
		modifiedBy: hexId,
	},
	kobject: {
		...COMMON,
		customer: hexId,
		company: hexId,
		externalId: str(256, 1),
		title: str(256, 1),
		description: str(10240),
		images: array(20, str()),
		icon: str(64),
		data: obj,
	},
};

const RULES: Record<ResourceName, Record<string, Rule>> = {
	conversation: {
		...COMMON,
		direction: oneOf('in', 'out'),
		priority: int(1, 5),
		replyChannel: str(256),
		subStatus: str(),
		snooze,
		assignedUsers: idList,
		assignedTeams: idList,
		suggestedTags: array(20),
		suggestedShortcuts: array(100),
		deleted: bool,
		ended: bool,
		locked: bool,
		endedAt: isoDate,
		endedReason: str(),
		endedBy: str(),
		endedByType: str(),
		// status differs between create and update; see STATUS below
	},
	message: {
		...COMMON,
		channel: oneOf('email', 'sms', 'chat', 'facebook', 'twitter-dm', 'twitter-tweet', 'voice', 'instagram', 'whatsapp'),
		app: str(256, 1),
		direction: oneOf('in', 'out'),
		status: oneOf('sent', 'received', 'error'),
		preview: str(10240),
		subject: str(256),
		size: num,
		attachments: array(1000),
		meta: obj,
		auto: bool,
		spam: bool,
		sentAt: isoDate,
		errorAt: isoDate,
		createdBy: str(),
		modifiedBy: str(),
	},
	customer: {
		...COMMON,
		company: str(),
		username: str(),
		avatarUrl: str(),
		signedUpAt: isoDate,
		lastActivityAt: isoDate,
		lastCustomerActivityAt: isoDate,
		lastSeenAt: isoDate,
		birthdayAt: isoDate,
		externalIds: objList(10, 'externalId'),
		sharedExternalIds: objList(10, 'externalId'),
		emails: objList(10, 'email'),
		sharedEmails: objList(10, 'email'),
		phones: objList(10, 'phone'),
		sharedPhones: objList(10, 'phone'),
		whatsapps: objList(10, 'phone'),
		facebookIds: array(10),
		instagramIds: array(10),
		socials: objList(10, 'username'),
		sharedSocials: objList(10, 'username'),
		urls: objList(10, 'url'),
		locations: array(10, obj),
		locale: str(16),
		timeZone: str(64),
		gender: oneOf('m', 'f'),
	},
	...RULES_DATA_MODEL,
};

const CONVERSATION_STATUS: Record<Op, Rule> = {
	create: oneOf('open', 'done'),
	update: oneOf('open', 'snoozed', 'done'),
};

// ---- allowed keys per resource and operation (from Kustomer's OpenAPI schemas) ------------------------

export type Op = 'create' | 'update';

const list = (s: string): ReadonlySet<string> => new Set(s.split(',').map((k) => k.trim()));

const CUSTOMER_KEYS = list(
	'name,company,externalId,username,signedUpAt,lastActivityAt,lastCustomerActivityAt,lastSeenAt,avatarUrl,externalIds,' +
		'sharedExternalIds,emails,sharedEmails,phones,sharedPhones,whatsapps,facebookIds,instagramIds,socials,sharedSocials,' +
		'urls,locations,locale,timeZone,tags,sentiment,custom,birthdayAt,gender,createdAt,importedAt,rev,defaultLang',
);

export const ALLOWED_KEYS: Record<ResourceName, Record<Op, ReadonlySet<string>>> = {
	conversation: {
		create: list(
			'id,customer,externalId,name,status,priority,createdAt,importedAt,direction,replyChannel,tags,assignedUsers,' +
				'assignedTeams,custom,defaultLang,queue',
		),
		update: list(
			'externalId,name,direction,priority,satisfaction,satisfactionLevel,suggestedShortcuts,status,replyChannel,subStatus,' +
				'snooze,tags,suggestedTags,sentiment,assignedUsers,assignedTeams,custom,deleted,ended,endedAt,endedReason,endedBy,' +
				'endedByType,locked,rev,defaultLang,queue',
		),
	},
	message: {
		create: list(
			'id,externalId,customer,conversation,reference,channel,preview,subject,direction,app,size,related,status,error,' +
				'errorAt,auto,sentAt,source,shortcuts,kbArticles,attachments,location,meta,custom,sentiment,createdAt,modifiedAt,' +
				'createdBy,modifiedBy,importedAt,lang,queue',
		),
		update: list(
			'conversation,externalId,preview,subject,status,error,errorAt,sentAt,size,attachments,meta,custom,related,sentiment,' +
				'createdAt,modifiedAt,updatedAt,createdBy,spam,modifiedBy,lang,reactions',
		),
	},
	customer: { create: CUSTOMER_KEYS, update: CUSTOMER_KEYS },
	company: {
		create: list(
			'name,externalId,avatarUrl,emails,phones,whatsapps,socials,urls,domains,locations,employeeCount,tags,createdAt,' +
				'importedAt,rev,custom,defaultLang',
		),
		update: list(
			'name,externalId,avatarUrl,emails,phones,whatsapps,socials,urls,domains,locations,employeeCount,tags,custom,' +
				'defaultLang,rev,deleted',
		),
	},
	note: {
		create: list(
			'id,conversation,externalId,body,userMentions,attachments,createdAt,modifiedAt,createdBy,modifiedBy,importedAt,lang',
		),
		// PatchNoteById and BulkBatchUpdateNotes
		update: list(
			'conversation,externalId,body,userMentions,deleted,attachments,createdAt,modifiedAt,updatedAt,createdBy,modifiedBy,lang',
		),
	},
	kobject: {
		create: list('customer,company,externalId,title,description,images,icon,data,custom,tags,createdAt,importedAt'),
		update: list('externalId,title,description,images,icon,data,custom,tags,createdAt,importedAt,rev'),
	},
};

/** Fields that must be present on create (for the plain POST /<resource> and bulk create). */
export const REQUIRED_ON_CREATE: Record<ResourceName, readonly string[]> = {
	conversation: ['customer'],
	message: ['channel', 'app', 'direction'],
	customer: [],
	company: ['name'],
	note: ['conversation', 'body'],
	kobject: ['title'],
};

export function bodyMustBeObject(body: unknown): ValidationIssue | undefined {
	return isPlainObject(body) ? undefined : issue('Request body must be a JSON object', '/');
}

/**
 * Validates a create or update body. `required` overrides REQUIRED_ON_CREATE (e.g. a message created under
 * /conversations/{id}/messages only needs channel and app).
 */
export function validateRecord(
	resource: ResourceName,
	op: Op,
	body: unknown,
	required: readonly string[] = op === 'create' ? REQUIRED_ON_CREATE[resource] : [],
): ValidationIssue | undefined {
	if (!isPlainObject(body)) return bodyMustBeObject(body);
	const keys = Object.keys(body);
	// PUT /conversations/{id} with exactly {customer} moves the conversation to another customer.
	const isMove = resource === 'conversation' && op === 'update' && keys.length === 1 && keys[0] === 'customer';
	const allowed = ALLOWED_KEYS[resource][op];
	if (!isMove) {
		for (const k of keys) {
			if (!allowed.has(k)) return issue(`Unknown attribute ${k}`, `/${k}`);
		}
	}
	const rules = RULES[resource];
	for (const k of keys) {
		const v = body[k];
		if (v === null || v === undefined) continue; // null clears an optional field
		const rule = resource === 'conversation' && k === 'status' ? CONVERSATION_STATUS[op] : (rules[k] ?? any);
		const bad = rule(v, k, `/${k}`);
		if (bad) return bad;
	}
	for (const k of required) {
		if (body[k] === undefined || body[k] === null || body[k] === '') return issue(`${k} is required`, `/${k}`);
	}
	return undefined;
}
