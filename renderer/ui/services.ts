import { createContext, useContext } from 'react';
import type { HostBridge } from '../host/bridge';
import type { ImportController } from '../services/import-controller';

export interface AppServices {
  host: HostBridge;
  imports: ImportController;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = useContext(AppServicesContext);
  if (!s) throw new Error('AppServicesContext is missing');
  return s;
}
