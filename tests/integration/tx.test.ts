// The unit of work on Packbench's own PocketBase build (native engine, pocketbase/tx).
import { txSuite } from './tx-suite';

txSuite('native');
