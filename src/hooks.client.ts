// The browser runs zod without its JIT: the JIT probes `new Function`, which the CSP forbids
// (issue #12, finding 7), and the refused probe is still reported as a CSP violation. Client
// hooks load before any route, so every schema is built after this.
import { z } from 'zod';

z.config({ jitless: true });
