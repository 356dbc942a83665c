// The languages Packbench speaks, defined once (zod enum).
import { z } from 'zod';

export const locale = z.enum(['en', 'de']);
export type Locale = z.infer<typeof locale>;
