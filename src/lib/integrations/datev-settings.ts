// The DATEV export's accounts and numbers (F43): the settings page's form and the server check
// the same fields. SKR03 by default; a shop on SKR04 enters its own accounts.
import { z } from 'zod';

const account = (what: string) => z.number({ error: `Enter the ${what} account number` }).int(`The ${what} account is a whole number`).min(1, `The ${what} account is a number from 1`).max(999_999_999, `The ${what} account has at most 9 digits`);

export const datevSettingsSchema = z.object({
  advisorNumber: z.number({ error: 'Enter the advisor number' }).int().min(1000, 'The advisor number has 4 to 7 digits').max(9_999_999, 'The advisor number has 4 to 7 digits'),
  clientNumber: z.number({ error: 'Enter the client number' }).int().min(1, 'The client number has 1 to 5 digits').max(99_999, 'The client number has 1 to 5 digits'),
  fiscalYearStartMonth: z.number().int().min(1, 'A month from 1 to 12').max(12, 'A month from 1 to 12'),
  accountLength: z.number().int().min(4, 'General ledger accounts have 4 to 8 digits').max(8, 'General ledger accounts have 4 to 8 digits'),
  debtorAccount: account('debtor'),
  bankAccount: account('bank'),
  /** tax rate in basis points (1900 = 19 %) → revenue account */
  revenueAccounts: z.record(z.string().regex(/^\d{1,5}$/, 'A tax rate in hundredths of a percent'), account('revenue'))
});
export type DatevSettings = z.infer<typeof datevSettingsSchema>;

export const DEFAULT_DATEV: DatevSettings = {
  advisorNumber: 1001,
  clientNumber: 1,
  fiscalYearStartMonth: 1,
  accountLength: 4,
  debtorAccount: 10000,
  bankAccount: 1200,
  revenueAccounts: { '1900': 8400, '700': 8300, '0': 8200 }
};
