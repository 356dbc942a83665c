import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import StaffForm from './StaffForm.svelte';

describe('#14 F44 the new-staff form', () => {
  it('names each bad field and sends nothing', async () => {
    const create = vi.fn();
    const invite = vi.fn();
    render(StaffForm, { actorRole: 'manager', create, invite });
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'not-an-address');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(create).not.toHaveBeenCalled();
    expect(invite).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter a name (at most 120 characters).')).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Enter an e-mail address like name@example.com.')).toBeInTheDocument();
  });

  it('invites by e-mail unless a one-time password is chosen', async () => {
    const create = vi.fn().mockResolvedValue(undefined);
    const invite = vi.fn().mockResolvedValue(undefined);
    render(StaffForm, { actorRole: 'manager', create, invite });
    expect(screen.getByLabelText(/invitation e-mail/)).toBeChecked();
    await userEvent.type(screen.getByLabelText(/^Name/), 'Ina Invited');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'ina@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(invite).toHaveBeenCalledWith({ name: 'Ina Invited', email: 'ina@example.com', role: 'office', locale: 'en' });
    expect(create).not.toHaveBeenCalled();
  });

  it('sends a valid person with a one-time password and clears the form; a manager is not offered the owner role', async () => {
    const create = vi.fn().mockResolvedValue(undefined);
    const invite = vi.fn();
    render(StaffForm, { actorRole: 'manager', create, invite });
    await userEvent.click(screen.getByLabelText(/one-time password/));
    const options = [...(screen.getByLabelText('Role') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['manager', 'office', 'packer']);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Paula Packer');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'paula@example.com');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'packer');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(create).toHaveBeenCalledWith({ name: 'Paula Packer', email: 'paula@example.com', role: 'packer', locale: 'en' });
    expect(invite).not.toHaveBeenCalled();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
  });

  it('offers owners the owner role and keeps the input when the server refuses', async () => {
    const invite = vi.fn().mockRejectedValue(new Error('offline'));
    render(StaffForm, { actorRole: 'owner', create: vi.fn(), invite });
    expect([...(screen.getByLabelText('Role') as HTMLSelectElement).options].map((o) => o.value)).toContain('owner');
    await userEvent.type(screen.getByLabelText(/^Name/), 'Olaf');
    await userEvent.type(screen.getByLabelText(/^E-mail/), 'olaf@example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Name/)).toHaveValue('Olaf');
  });
});
