// The same unit-of-work suite against the JS twin in pb_hooks/ (what an official PocketBase
// binary serves): this file's PocketBase is told not to register the native route.
import { txSuite } from './tx-suite';

process.env.PACKBENCH_TX_ENGINE = 'js';
txSuite('js');
