// Collection name → record type: the one map the typed reads (`collection()` in ./client) and
// the unit of work (./tx) take their types from. Empty here, since this folder imports no
// domain: each domain registers its collections next to its record types,
//
//   declare module '$lib/server/pocketbase/collections' {
//     interface Collections { returns: ReturnRecord; return_lines: ReturnLineRecord }
//   }
//
// Every collection in pb_migrations/ the app server reads or writes has an entry.
import type {
  ListResult,
  RecordFullListOptions,
  RecordListOptions,
  RecordOptions,
  RecordService,
  RecordSubscribeOptions,
  RecordSubscription,
  UnsubscribeFunc
} from 'pocketbase';

export interface Collections {}

/**
 * Fields a write takes in another shape than a read shows (a file field: File objects in,
 * file names out) or that a read never shows (an auth collection's password), registered
 * like Collections: `interface WriteShapes { staff: { password: string } }`.
 */
export interface WriteShapes {}

export type CollectionName = keyof Collections & string;

/** what PocketBase sets itself (and the SDK's expand), never part of a body */
type System = 'id' | 'created' | 'updated' | 'expand' | 'collectionId' | 'collectionName';

/** the fields of a collection's record a write may set */
export type Fields<K extends CollectionName> = K extends keyof WriteShapes
  ? Omit<Collections[K], System | keyof WriteShapes[K]> & WriteShapes[K]
  : Omit<Collections[K], System>;

/** the name of a field of K */
export type FieldName<K extends CollectionName> = keyof Fields<K> & string;

/**
 * A new record's fields. Every one is optional: PocketBase fills a field left out with its
 * zero value ('', 0, false, null), and refuses a missing field its schema requires (`invalid`).
 * `id` only where the app chooses the id (word index rows).
 */
export type CreateBody<K extends CollectionName> = Partial<Fields<K>> & { id?: string };

/** the fields an update changes */
export type UpdateBody<K extends CollectionName> = Partial<Fields<K>>;

/** the names of K's number fields (what `increment` may count) */
export type NumericField<K extends CollectionName> = {
  [F in FieldName<K>]-?: NonNullable<Fields<K>[F]> extends number ? F : never;
}[FieldName<K>];

/**
 * A collection's PocketBase service (`collection('orders')` in ./client), typed from the map:
 * reads answer its record type; a narrower shape (`fields: 'id,number'`) may be named, but it
 * must agree with the record (`getList<Pick<OrderRecord, 'id' | 'number'>>`); bodies of direct
 * writes are checked as a unit of work's are. Everything else is the SDK's RecordService.
 */
export type TypedCollection<K extends CollectionName, R = Collections[K]> = Omit<
  RecordService<R>,
  'getList' | 'getFullList' | 'getFirstListItem' | 'getOne' | 'subscribe' | 'create' | 'update'
> & {
  // each read twice: without a type argument it answers R (an overload, not a default, so the
  // caller's expected type cannot widen it to Partial<R>); with one, a shape that agrees with R
  getList(page?: number, perPage?: number, options?: RecordListOptions): Promise<ListResult<R>>;
  getList<T extends Partial<R>>(page?: number, perPage?: number, options?: RecordListOptions): Promise<ListResult<T>>;
  getFullList(options?: RecordFullListOptions): Promise<R[]>;
  getFullList<T extends Partial<R>>(options?: RecordFullListOptions): Promise<T[]>;
  getFirstListItem(filter: string, options?: RecordListOptions): Promise<R>;
  getFirstListItem<T extends Partial<R>>(filter: string, options?: RecordListOptions): Promise<T>;
  getOne(id: string, options?: RecordOptions): Promise<R>;
  getOne<T extends Partial<R>>(id: string, options?: RecordOptions): Promise<T>;
  subscribe(topic: string, callback: (data: RecordSubscription<R>) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  subscribe<T extends Partial<R>>(topic: string, callback: (data: RecordSubscription<T>) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  create(body: CreateBody<K>, options?: RecordOptions): Promise<R>;
  create<T extends Partial<R>>(body: CreateBody<K>, options?: RecordOptions): Promise<T>;
  update(id: string, body: UpdateBody<K>, options?: RecordOptions): Promise<R>;
  update<T extends Partial<R>>(id: string, body: UpdateBody<K>, options?: RecordOptions): Promise<T>;
};
