// The settings hub's API types (issue #14), taken from the router.
import type { RouterOutputs } from '$lib/trpc';

export type SettingsHub = RouterOutputs['settings']['hub'];
