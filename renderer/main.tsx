import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { createHostBridge } from './host';
import { ImportController } from './services/import-controller';
import { AppServicesContext } from './ui/services';
import { installDiagnostics } from './services/diagnostics';
import { installMenuCommands } from './host/menu-commands';
import './styles/app.css';

const host = createHostBridge();
const imports = new ImportController(host);
installDiagnostics();
installMenuCommands();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppServicesContext.Provider value={{ host, imports }}>
      <App />
    </AppServicesContext.Provider>
  </StrictMode>,
);
