// The sandbox gateway's signing secret: random per install, kept in PocketBase settings
// (key 'sandbox_gateway'), never in the repository. Both the gateway (signing) and the
// shop side (verifying) read it, as a merchant would copy it from a real gateway.
import { randomBytes } from 'node:crypto';
import { defineSecret } from '../../../settings';

const secret = defineSecret('sandbox_gateway', 'signingSecret', () => `whsec_sbx_${randomBytes(32).toString('base64url')}`, (s) => s.length >= 32);

export const sandboxSigningSecret = (): Promise<string> => secret.get();
