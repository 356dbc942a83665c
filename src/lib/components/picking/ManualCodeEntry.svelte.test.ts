import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ManualCodeEntry, { type ManualCodeEntryLabels } from './ManualCodeEntry.svelte';

const labels: ManualCodeEntryLabels = {
  label: 'Barcode number',
  submit: 'Add',
  empty: 'Type the number under the barcode.',
  badCheckDigit: ({ expected, typed }) => `Last digit should be ${expected}, not ${typed}.`,
  notAProductCode: 'That is not a product barcode.'
};

function setup(props: Partial<{ productsOnly: boolean }> = {}) {
  const onsubmit = vi.fn();
  render(ManualCodeEntry, { onsubmit, labels, ...props });
  return { onsubmit, input: screen.getByLabelText('Barcode number') as HTMLInputElement, user: userEvent.setup() };
}

describe('ManualCodeEntry', () => {
  it('submits a valid EAN-13 on Enter as its GTIN-14 and clears the field', async () => {
    const { onsubmit, input, user } = setup();
    await user.type(input, '5030159003930{Enter}');
    expect(onsubmit).toHaveBeenCalledWith({ kind: 'gtin', gtin14: '05030159003930' });
    expect(input.value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('accepts the digit groups as printed under the bars', async () => {
    const { onsubmit, input, user } = setup();
    await user.type(input, '0 36602 30146 7{Enter}');
    expect(onsubmit).toHaveBeenCalledWith({ kind: 'gtin', gtin14: '00036602301467' });
  });

  it('explains a wrong check digit and keeps what was typed', async () => {
    const { onsubmit, input, user } = setup();
    await user.type(input, '5030159003931{Enter}');
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Last digit should be 0, not 1.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input.value).toBe('5030159003931');
  });

  it('clears the error as soon as the packer corrects the number', async () => {
    const { onsubmit, input, user } = setup();
    await user.type(input, '5030159003931{Enter}');
    await user.type(input, '{Backspace}');
    expect(screen.queryByRole('alert')).toBeNull();
    await user.type(input, '0{Enter}');
    expect(onsubmit).toHaveBeenCalledWith({ kind: 'gtin', gtin14: '05030159003930' });
  });

  it('asks for a number when submitted empty', async () => {
    const { onsubmit, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Type the number under the barcode.');
  });

  it('passes SKUs and order numbers through as text', async () => {
    const { onsubmit, input, user } = setup();
    await user.type(input, 'PB-10452{Enter}');
    expect(onsubmit).toHaveBeenCalledWith({ kind: 'text', text: 'PB-10452' });
  });

  it('refuses text when only product codes are wanted', async () => {
    const { onsubmit, input, user } = setup({ productsOnly: true });
    await user.type(input, 'PB-10452{Enter}');
    expect(onsubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('That is not a product barcode.');
  });
});
