import type { KustomerResource } from '../core/resource';
import { company } from './company';
import { conversation } from './conversation';
import { customObject } from './customObject';
import { customer } from './customer';
import { message } from './message';
import { note } from './note';

/** Every resource of the node, in the order the Resource list shows them. */
export const RESOURCES: KustomerResource[] = [company, conversation, customObject, customer, message, note];
