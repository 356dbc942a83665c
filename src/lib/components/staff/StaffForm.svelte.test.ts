import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import StaffForm from './StaffForm.svelte';

describe('#14 F44 the new-staff form', () => {
  it('names each bad field and sends nothing', async () => {
    const create = vi.fn();
    render(StaffForm, { actorRole: 'manager', create });
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'not-an-address');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(create).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter a name (at most 120 characters).')).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter an e-mail address like name@example.com.')).toBeInTheDocument();
  });

  it('sends a valid person and clears the form; a manager is not offered the owner role', async () => {
    const create = vi.fn().mockResolvedValue(undefined);
    render(StaffForm, { actorRole: 'manager', create });
    const options = [...(screen.getByLabelText('Role') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['manager', 'office', 'packer']);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Paula Packer');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'paula@example.com');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'packer');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(create).toHaveBeenCalledWith({ name: 'Paula Packer', email: 'paula@example.com', role: 'packer', locale: 'en' });
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
  });

  it('offers owners the owner role and keeps the input when the server refuses', async () => {
    const create = vi.fn().mockRejectedValue(new Error('offline'));
    render(StaffForm, { actorRole: 'owner', create });
    expect([...(screen.getByLabelText('Role') as HTMLSelectElement).options].map((o) => o.value)).toContain('owner');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Olaf');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'olaf@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Olaf');
  });
});
