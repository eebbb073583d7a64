// React root of the MPP Desktop renderer.
import { createRoot } from 'react-dom/client'

const container = document.getElementById('root')
if (container) createRoot(container).render(<p>MPP Desktop</p>)
