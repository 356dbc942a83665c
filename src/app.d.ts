import type { StaffSession } from '$lib/server/auth/sessions';

declare global {
  namespace App {
    interface Locals {
      session: StaffSession | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
