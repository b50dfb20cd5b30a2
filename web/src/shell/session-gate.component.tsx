import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../modules/auth/auth.api.ts';

/** Renders signed-in pages only; without a session it sends the user to the login page. */
export function SessionGate() {
  const { data: me, isPending } = useMe();
  const location = useLocation();
  if (isPending) {
    return <Center h="100dvh"><Loader /></Center>;
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}
