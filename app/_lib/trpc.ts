'use client';
// The typed tRPC hooks for client components. Types only from server/: no server code in the bundle.
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/api/root';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
