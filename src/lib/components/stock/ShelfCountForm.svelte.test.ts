import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ShelfCountForm from './ShelfCountForm.svelte';

const props = (onsave = vi.fn().mockResolvedValue(undefined)) => ({ name: 'Teedose', onHand: 20, reserved: 6, onsave, oncancel: vi.fn() });

describe('ShelfCountForm', () => {
  it('sends the count with what the shelf showed when counting started', async () => {
    const p = props();
    render(ShelfCountForm, p);
    await userEvent.type(screen.getByLabelText(/Counted on the shelf/), '18');
    await userEvent.type(screen.getByLabelText('Reason'), '2 broken');
    await userEvent.click(screen.getByRole('button', { name: 'Save count' }));
    expect(p.onsave).toHaveBeenCalledWith({ counted: 18, expectedOnHand: 20, reason: '2 broken' });
  });

  it('refuses a count below what open orders hold, and a missing reason, before sending', async () => {
    const p = props();
    render(ShelfCountForm, p);
    await userEvent.type(screen.getByLabelText(/Counted on the shelf/), '4');
    await userEvent.click(screen.getByRole('button', { name: 'Save count' }));
    expect(p.onsave).not.toHaveBeenCalled();
    expect(screen.getByText('4 counted, but open orders hold 6 of Teedose. Check the count, or cancel or amend those orders first.')).toBeInTheDocument();
    expect(screen.getByText('Say why (at least 3 characters).')).toBeInTheDocument();
  });

  it('keeps the count and reason when the server refuses', async () => {
    const p = props(vi.fn().mockRejectedValue({ message: 'The stock of Teedose changed while you counted (now 19 on the shelf). Please count again.' }));
    render(ShelfCountForm, p);
    await userEvent.type(screen.getByLabelText(/Counted on the shelf/), '18');
    await userEvent.type(screen.getByLabelText('Reason'), 'stocktake');
    await userEvent.click(screen.getByRole('button', { name: 'Save count' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('changed while you counted');
    expect(screen.getByLabelText(/Counted on the shelf/)).toHaveValue(18);
    expect(screen.getByLabelText('Reason')).toHaveValue('stocktake');
  });
});
