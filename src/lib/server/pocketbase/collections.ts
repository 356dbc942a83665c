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
 * The fields a new record must have: those its schema marks required (pb_migrations/), which
 * PocketBase refuses to leave empty (`invalid`). Only names, so it lives here with the map.
 */
export interface CreateRequires {
  staff: 'name' | 'role';
  sessions: 'token_hash' | 'staff' | 'expires';
  customers: 'name';
  customer_searches: 'query';
  products: 'sku' | 'name';
  orders: 'number' | 'channel' | 'status' | 'payment_status' | 'fulfilment_status' | 'fulfilment_method' | 'currency' | 'tracking_token';
  order_lines: 'order' | 'product' | 'sku' | 'name' | 'qty';
  stock_movements: 'product' | 'reason';
  payments: 'order' | 'method' | 'amount_cents' | 'currency' | 'status';
  shipments: 'order' | 'courier' | 'status';
  shipment_lines: 'shipment' | 'order_line' | 'qty';
  picks: 'order' | 'order_line' | 'qty' | 'client_scan_id';
  order_notes: 'order' | 'body' | 'visibility';
  order_events: 'order' | 'type';
  outbox: 'kind' | 'topic' | 'recipient' | 'status' | 'message_id';
  settings: 'key';
  counters: 'name';
  sandbox_payments: 'public_id' | 'order_ref' | 'amount_cents' | 'currency' | 'status';
  sandbox_events: 'event_id' | 'payment' | 'body' | 'status';
  mailbox: 'message_id' | 'recipient';
  devices: 'name';
  courier_events: 'courier' | 'event_id' | 'result';
  sign_in_failures: 'key' | 'window';
  returns: 'order' | 'status' | 'source';
  return_lines: 'return' | 'order' | 'order_line' | 'product' | 'sku' | 'name' | 'qty' | 'reason';
  credit_notes: 'order' | 'number' | 'issued_at' | 'currency' | 'reason';
  refunds: 'order' | 'amount_cents' | 'currency' | 'method' | 'status';
  surcharges: 'order' | 'kind' | 'amount_cents' | 'currency' | 'invoice_number' | 'issued_at' | 'status';
  staff_audit: 'action';
  product_gtins: 'gtin' | 'product';
  receipts: 'idempotency_key';
  saved_views: 'owner' | 'name';
  api_keys: 'name' | 'prefix' | 'hash';
  webhook_endpoints: 'url' | 'secret';
  webhook_deliveries: 'endpoint';
  customer_notes: 'customer' | 'body';
  staff_invitations: 'staff' | 'token_hash' | 'expires_at';
}
type RequiredOnCreate<K extends CollectionName> = K extends keyof CreateRequires ? CreateRequires[K] & FieldName<K> : never;
/** fails the check when CreateRequires names a collection or a field the map does not have */
type Known<T extends true> = T;
export type CreateRequiresKnown = Known<
  { [K in keyof CreateRequires]: K extends CollectionName ? (CreateRequires[K] extends FieldName<K> ? true : false) : false }[keyof CreateRequires] extends true ? true : false
>;

/**
 * A new record's fields: the required ones (CreateRequires), the rest optional, since
 * PocketBase fills a field left out with its zero value ('', 0, false, null). `id` only where
 * the app chooses the id (word index rows).
 */
export type CreateBody<K extends CollectionName> = Partial<Fields<K>> & Pick<Fields<K>, RequiredOnCreate<K>> & { id?: string };

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
  // A read answers R, or with `fields: 'id,number'` (a literal) only those fields; a shape
  // named as the type argument must agree with R (`getList<Pick<OrderRecord, 'id'>>`). The
  // options are a second type parameter, so a named shape never binds to them.
  getList<T extends Partial<R> = never, const O extends RecordListOptions = RecordListOptions>(page?: number, perPage?: number, options?: O): Promise<ListResult<Read<R, NoInfer<T>, O>>>;
  getFullList<T extends Partial<R> = never, const O extends RecordFullListOptions = RecordFullListOptions>(options?: O): Promise<Read<R, NoInfer<T>, O>[]>;
  getFirstListItem<T extends Partial<R> = never, const O extends RecordListOptions = RecordListOptions>(filter: string, options?: O): Promise<Read<R, NoInfer<T>, O>>;
  getOne<T extends Partial<R> = never, const O extends RecordOptions = RecordOptions>(id: string, options?: O): Promise<Read<R, NoInfer<T>, O>>;
  subscribe(topic: string, callback: (data: RecordSubscription<R>) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  subscribe<T extends Partial<R>>(topic: string, callback: (data: RecordSubscription<T>) => void, options?: RecordSubscribeOptions): Promise<UnsubscribeFunc>;
  create(body: CreateBody<K>, options?: RecordOptions): Promise<R>;
  create<T extends Partial<R>>(body: CreateBody<K>, options?: RecordOptions): Promise<T>;
  update(id: string, body: UpdateBody<K>, options?: RecordOptions): Promise<R>;
  update<T extends Partial<R>>(id: string, body: UpdateBody<K>, options?: RecordOptions): Promise<T>;
};

type FieldList<S extends string> = S extends `${infer H},${infer T}` ? H | FieldList<T> : S;
/** the fields a `fields: 'a,b,expand.x.y'` option keeps of R (all of R when it is no literal) */
type Shape<R, O> = O extends { fields: infer F extends string }
  ? string extends F
    ? R
    : Pick<R, (FieldList<F> | (Extract<FieldList<F>, `expand.${string}`> extends never ? never : 'expand')) & keyof R>
  : R;
/** a named shape T, else what the options read */
export type Read<R, T, O> = [T] extends [never] ? Shape<R, O> : T;
