// Issue #14: a new staff member's invitation, with the one-time link to choose a password.
// Queued by server/staff/invitations.ts in the unit of work that creates the invitation. The
// link's token is only here (the invitation keeps its hash).
import { z } from 'zod';
import type { Role } from '$lib/auth/roles';
import type { Locale } from '../../../pocketbase/records';
import { footer, url } from '../common';
import { defineTemplate } from '../define';

const strings = {
  en: {
    subject: (shop: string) => `You are invited to ${shop}'s back office`,
    hello: (by: string, shop: string, role: string) => `${by} has added you to the back office of ${shop} (Packbench) as ${role}.`,
    choose: 'Choose your password to sign in:',
    button: 'Choose my password',
    once: (until: string) => `The link works once, until ${until}. If it has run out, ask for a new one.`,
    notYou: 'If you did not expect this e-mail, you can ignore it: nothing happens without the link.',
    roles: { owner: 'owner', manager: 'manager', office: 'office staff', packer: 'packer' } satisfies Record<Role, string>
  },
  de: {
    subject: (shop: string) => `Einladung in das Backoffice von ${shop}`,
    hello: (by: string, shop: string, role: string) => `${by} hat Sie in das Backoffice von ${shop} (Packbench) eingeladen, als ${role}.`,
    choose: 'Wählen Sie Ihr Passwort, um sich anzumelden:',
    button: 'Mein Passwort wählen',
    once: (until: string) => `Der Link funktioniert einmal, bis ${until}. Ist er abgelaufen, bitten Sie um einen neuen.`,
    notYou: 'Wenn Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren: Ohne den Link geschieht nichts.',
    roles: { owner: 'Inhaber:in', manager: 'Manager:in', office: 'Büro', packer: 'Packer:in' } satisfies Record<Role, string>
  }
} satisfies Record<Locale, unknown>;

export default defineTemplate({
  topic: 'staff_invitation',
  data: z.object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not an invitation token'),
    role: z.enum(['owner', 'manager', 'office', 'packer']),
    invitedBy: z.string().max(120),
    expiresAt: z.string().max(40)
  }),
  async render({ token, role, invitedBy, expiresAt }, ctx) {
    const s = strings[ctx.locale];
    return {
      subject: s.subject(ctx.shop.name),
      blocks: [
        { kind: 'p', text: s.hello(invitedBy, ctx.shop.name, s.roles[role]) },
        { kind: 'p', text: s.choose },
        { kind: 'button', label: s.button, href: url(ctx, `/invite/${token}`) },
        { kind: 'p', text: s.once(ctx.dateTime(expiresAt)) },
        { kind: 'p', text: s.notYou }
      ],
      footer: footer(ctx.shop)
    };
  }
});
