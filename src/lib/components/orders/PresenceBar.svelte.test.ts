import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import PresenceBar from './PresenceBar.svelte';

const viewers = [
  { staffId: 'me', name: 'Me Myself', role: 'office' },
  { staffId: 'p1', name: 'Paul Packer', role: 'packer' }
];

describe('PresenceBar', () => {
  it('lists the others, not me', () => {
    render(PresenceBar, { viewers, selfId: 'me' });
    expect(screen.getByTestId('presence')).toHaveTextContent('Also viewing: Paul Packer');
    expect(screen.queryByText('Me Myself')).toBeNull();
  });

  it('says when I am alone', () => {
    render(PresenceBar, { viewers: [viewers[0]], selfId: 'me' });
    expect(screen.getByTestId('presence')).toHaveTextContent('Only you are viewing this order.');
  });
});
