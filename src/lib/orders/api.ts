// The order screens' API types, as the router returns them (never imported from server code).
import type { RouterOutputs } from '$lib/trpc';

export type QueuePage = RouterOutputs['orders']['queue'];
export type QueueOrder = QueuePage['items'][number];
export type OrderDetail = RouterOutputs['orders']['get'];
/** the order record as the order page has it */
export type OrderView = OrderDetail['order'];
export type NoteView = OrderDetail['notes'][number];
export type EventView = OrderDetail['events'][number];
export type CustomerMatch = RouterOutputs['orders']['searchCustomers']['customers'][number];
export type QueueCount = RouterOutputs['orders']['queueCount'];
export type SavedView = RouterOutputs['orders']['savedViews'][number];
export type RecentSearches = RouterOutputs['orders']['recentSearches'];
