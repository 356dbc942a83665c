import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import NoteForm from './NoteForm.svelte';

describe('NoteForm', () => {
  it('saves the note with a client id and clears the box', async () => {
    const onsave = vi.fn().mockResolvedValue(undefined);
    render(NoteForm, { onsave });
    await userEvent.type(screen.getByPlaceholderText('Add a note…'), 'Fragile');
    await userEvent.selectOptions(screen.getByRole('combobox'), 'packing');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(onsave).toHaveBeenCalledWith({ body: 'Fragile', visibility: 'packing', clientId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(screen.getByPlaceholderText('Add a note…')).toHaveValue('');
  });

  it('does not send an empty note and says why', async () => {
    const onsave = vi.fn();
    render(NoteForm, { onsave });
    await userEvent.type(screen.getByPlaceholderText('Add a note…'), '   ');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.getByText(/Write something first/)).toBeInTheDocument();
    expect(screen.getByPlaceholderText('Add a note…')).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps the text and the same client id when saving fails, so a retry saves once', async () => {
    const onsave = vi.fn().mockRejectedValueOnce({ message: 'No connection to Packbench.' }).mockResolvedValueOnce(undefined);
    render(NoteForm, { onsave });
    await userEvent.type(screen.getByPlaceholderText('Add a note…'), 'Call back at 5');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No connection to Packbench.');
    expect(screen.getByPlaceholderText('Add a note…')).toHaveValue('Call back at 5');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    expect(onsave.mock.calls[1][0].clientId).toBe(onsave.mock.calls[0][0].clientId);
  });
});
